using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;
using RetentionActors.Grains.Coupons;
using RetentionActors.Grains.Program;
using RetentionActors.Grains.Security;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// A customer and the single writer of their ledger. Requests are decided one at a time (the
/// <see cref="IIncomingGrainCallFilter"/> below), so two tills redeeming at once see each other's effect.
/// A decision is applied in memory and staged in the <see cref="CommitPipeline"/>; the next request may
/// be decided while that write is in flight, but no request is answered before everything decided up
/// to its own end is durable. A failed write makes the activation refuse everything and reload.
/// The grain takes turns and routes calls, role by role (<see cref="ICustomerGrain"/>); the operations live in classes of
/// their own (<see cref="ActiveCustomer"/>).
/// </summary>
[GrainType("customer")]
[Reentrant]
public sealed class CustomerGrain(
    ICustomerStore store,
    ProgramRulesCache programRules,
    CouponCodes couponCodes,
    OfflineAllowanceSigner allowanceSigner,
    [FromKeyedServices(GrainServices.ClockKey)] TimeProvider clock,
    ILogger<CustomerGrain> logger)
    : Grain, ICustomerGrain, IIncomingGrainCallFilter, IRemindable
{
    // Every customer used to keep a daily reminder of this name; the sweeps replaced it.
    private const string RetiredMaintenanceReminder = "maintenance";

    private readonly SemaphoreSlim _turn = new(1, 1);
    private ActiveCustomer? _customer;

    private ActiveCustomer Customer => _customer ?? throw new InvalidOperationException("The customer grain is not activated.");

    /// <summary>Every call: decide alone, then wait (without blocking the next decision) until it is durable.</summary>
    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        var commits = Customer.Commits;
        await _turn.WaitAsync();
        Task durable;
        string? claimed;
        string? keyed;
        try
        {
            commits.BeginCall();
            await context.Invoke();
        }
        finally
        {
            (durable, claimed, keyed) = (commits.Durable, commits.ReceiptClaimedByCall, commits.OperationKeyOfCall);
            _turn.Release();
        }
        try
        {
            await durable;
        }
        catch (Exception failure) when (RefusedCommitAnswers.ForAnotherCustomer(failure, claimed, context.Result) is { } declined)
        {
            context.Result = declined;
        }
        catch (OperationAlreadyDoneException done) when (done.OperationKey == keyed)
        {
            // An operation done long ago, sent again, whose key this activation did not load (issue 14): answered as first.
            context.Result = await Customer.Answers.FirstAnswerAsync(done, context.Result);
        }
        catch (Exception failure) when (failure is ReceiptOwnedElsewhereException or OperationAlreadyDoneException)
        {
            // Another call's refused sale or repeat, decided before this one: this call's decision was on top of it and is void too.
            throw TillReceipts.VoidedByRefusedSale(Customer.Id);
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        var stored = await store.LoadAsync(id, cancellationToken);
        _customer = new ActiveCustomer(id, stored, store, programRules, GrainFactory, couponCodes, clock, logger, DeactivateOnIdle);
    }

    /// <summary>
    /// A reminder left from before the sweeps (the schema step deleted those it found) is dropped at its first tick:
    /// a sweep finds this customer when something is due.
    /// </summary>
    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == RetiredMaintenanceReminder && await this.GetReminder(reminderName) is { } retired)
        {
            await this.UnregisterReminder(retired);
        }
    }

    async Task<CustomerSummary?> ICustomerSummaryGrain.GetAsync() => Customer.Document is null ? null : await Customer.SummaryAsync();

    Task<EnrollmentResult> ICustomerTillGrain.EnrollAsync(CustomerProfile profile, string? referralCode, string? enrollmentId) =>
        new DocumentChanges(Customer).EnrollAsync(profile, referralCode, enrollmentId);

    Task<AccrualResult> ICustomerTillGrain.EarnAsync(Purchase purchase, CardId? cardId) => new PurchaseBooking(Customer).EarnAsync(purchase, cardId);

    Task<CustomerCheckout> ICustomerTillGrain.CheckoutAsync(Purchase purchase, long pointsToRedeem, CardId cardId) =>
        new PurchaseBooking(Customer).CheckoutAsync(purchase, pointsToRedeem, cardId);

    Task<RedemptionResult> ICustomerTillGrain.RedeemAsync(Redemption redemption, CardId? cardId) => new PointsSpending(Customer).RedeemAsync(redemption, cardId);

    Task<AllowanceGrant> ICustomerTillGrain.IssueOfflineAllowanceAsync(AllowanceRequest request, CardId cardId) =>
        new OfflineRedemptions(Customer, allowanceSigner).IssueAllowanceAsync(request, cardId);

    Task<RedemptionResult> ICustomerTillGrain.RedeemOfflineAsync(OfflineRedemption redemption, CardId cardId) =>
        new OfflineRedemptions(Customer, allowanceSigner).RedeemAsync(redemption, cardId);

    Task<RefundResult> ICustomerTillGrain.RefundAsync(Refund refund, CardId? cardId) => new ReturnBooking(Customer).RefundAsync(refund, cardId);

    Task<bool> ICustomerTillGrain.RecordFeedbackAsync(Feedback feedback) => new DocumentChanges(Customer).RecordFeedbackAsync(feedback);

    Task<RewardClaimResult> ICustomerTillGrain.ClaimRewardAsync(string rewardId, string reference) => new PointsSpending(Customer).ClaimRewardAsync(rewardId, reference);

    async Task<IReadOnlyList<LedgerEntry>> ICustomerCareGrain.GetLedgerAsync(long afterSeq, int take)
    {
        if (take is < 1 or > 1000 || afterSeq < 0)
        {
            throw new InvalidRequestException("Read 1 to 1000 ledger entries after a sequence number of 0 or more.", nameof(take));
        }
        var entries = await store.ReadLedgerAsync(Customer.Id, afterSeq, take);
        return [.. entries.Select(e => e.ToContract())];
    }

    Task<AdjustmentResult> ICustomerCareGrain.AdjustAsync(Adjustment adjustment) => new PointsSpending(Customer).AdjustAsync(adjustment);

    Task<CustomerSummary?> ICustomerCareGrain.ErasePersonalDataAsync() => new DocumentChanges(Customer).ErasePersonalDataAsync();

    Task ICustomerClusterGrain.AttachCardAsync(CardId cardId) => new DocumentChanges(Customer).AttachCardAsync(cardId);

    Task ICustomerClusterGrain.DetachCardAsync(CardId cardId) => new DocumentChanges(Customer).DetachCardAsync(cardId);

    Task ICustomerClusterGrain.AwardReferralAsync(string friendCustomerId) => new PointsSpending(Customer).AwardReferralAsync(friendCustomerId);

    Task ICustomerClusterGrain.RunMaintenanceAsync() => new CustomerSweepRun(Customer).RunAsync();
}
