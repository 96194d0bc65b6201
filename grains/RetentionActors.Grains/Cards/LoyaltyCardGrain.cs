using Microsoft.Extensions.DependencyInjection;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using Orleans.Concurrency;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Grains.Events;
using RetentionActors.Grains.Security;

namespace RetentionActors.Grains.Cards;

/// <summary>
/// A loyalty card. Till operations only read the card's status and hand the work to the customer, who serialises
/// points; so the grain is reentrant and a busy card's sales reach the customer together, instead of each waiting for
/// the last one's commit. Lifecycle changes (link, block, replace, enroll) read the status, decide and write, so they run
/// one at a time (<see cref="OneChangeAtATimeAsync{T}"/>); a till operation that starts after a change is in memory sees
/// it. Read-only interleaving would not do: Orleans keeps admitting read-only calls while any runs, so a card with tills
/// selling without a pause could not be blocked.
/// </summary>
[GrainType("card")]
[Reentrant]
public sealed class LoyaltyCardGrain(
    [PersistentState("card", StorageNames.Loyalty)] IPersistentState<CardState> state,
    [FromKeyedServices(GrainServices.ClockKey)] TimeProvider clock) : Grain, ILoyaltyCardGrain, IIncomingGrainCallFilter
{
    // Why this grain's key is no card id (a payment card's number, garbage), or null: every call is refused with it.
    private string? _notACard;

    // The key, parsed once at activation; what the customer grain is told is this card.
    private CardId _id;

    private CardState Card => state.State;

    // Held by a lifecycle change from its first read of the status to its last write.
    private readonly SemaphoreSlim _change = new(1, 1);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (!CardId.TryParse(key, out _id, out var error) || _id.ToString() != key)
        {
            // Refused on each call rather than by failing the activation, whose error would carry the key into the logs.
            _notACard = error.Length > 0 ? error : "The card grain key is not a canonical card id; parse it with CardId.Parse first.";
        }
        return Task.CompletedTask;
    }

    Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context) =>
        _notACard is { } refusal ? throw new InvalidRequestException(refusal, "CardId") : context.Invoke();

    Task<CardInfo> ILoyaltyCardGrain.GetAsync() => Task.FromResult(Info());

    async Task<CardIdentity> ILoyaltyCardGrain.IdentifyAsync()
    {
        if (Unusable() is { } declined)
        {
            return new CardIdentity(Info(), null, declined);
        }
        return new CardIdentity(Info(), Shown(await Customer().GetAsync()), null);
    }

    Task<CardResult> ILoyaltyCardGrain.LinkAsync(string customerId) => OneChangeAtATimeAsync(() => LinkAloneAsync(customerId));

    private async Task<CardResult> LinkAloneAsync(string customerId)
    {
        Require.Id(customerId, nameof(customerId));
        if (Card.Status == CardStatus.Active && Card.CustomerId == customerId)
        {
            await Linked().AttachCardAsync(_id); // heals a link whose second half was lost
            return Accepted();
        }
        if (Card.Status != CardStatus.Unissued)
        {
            return Declined(Unusable() ?? new Decline(DeclineReason.CardLinkedElsewhere, $"Card {CardKey} belongs to another customer."));
        }
        var customer = GrainFactory.GetGrain<ICustomerClusterGrain>(customerId);
        if (await customer.GetAsync() is null)
        {
            return Declined(new Decline(DeclineReason.NotEnrolled, $"Customer {customerId} is not enrolled."));
        }

        await ChangeAsync(CardStatus.Active, customerId);
        await customer.AttachCardAsync(_id);
        return Accepted();
    }

    Task<CardResult> ILoyaltyCardGrain.BlockAsync(string reason) => OneChangeAtATimeAsync(() => BlockAloneAsync(reason));

    private async Task<CardResult> BlockAloneAsync(string reason)
    {
        Require.Text(reason, nameof(reason), 200);
        switch (Card.Status)
        {
            case CardStatus.Unissued:
                // Blocking a card nobody holds would only make a typo look like a done job.
                return Declined(new Decline(DeclineReason.UnknownCard, $"Card {CardKey} was never issued; there is nothing to block."));
            case CardStatus.Replaced:
                return Declined(Unusable()!);
            case CardStatus.Blocked:
                return Accepted();
        }
        Card.BlockReason = reason;
        await ChangeAsync(CardStatus.Blocked, Card.CustomerId);
        return Accepted();
    }

    Task<CardResult> ILoyaltyCardGrain.ReplaceAsync(CardId newCardId) => OneChangeAtATimeAsync(() => ReplaceAloneAsync(newCardId));

    private async Task<CardResult> ReplaceAloneAsync(CardId newCardId)
    {
        var successor = newCardId.ToString();
        if (newCardId == _id)
        {
            throw new InvalidRequestException("A card cannot replace itself.", nameof(newCardId));
        }
        if (Card.Status == CardStatus.Replaced)
        {
            return Card.ReplacedBy == successor ? Accepted() : Declined(Unusable()!);
        }
        if (Card.CustomerId is not { } customerId)
        {
            return Declined(new Decline(DeclineReason.UnknownCard, $"Card {CardKey} was never issued; link it instead of replacing it."));
        }

        var linked = await GrainFactory.GetGrain<ILoyaltyCardGrain>(successor).LinkAsync(customerId);
        if (!linked.IsAccepted)
        {
            return Declined(linked.Declined!);
        }
        Card.ReplacedBy = successor;
        await ChangeAsync(CardStatus.Replaced, customerId);
        await Linked().DetachCardAsync(_id);
        return Accepted();
    }

    Task<AccrualResult> ILoyaltyCardGrain.EarnAsync(Purchase purchase)
    {
        RefuseClockCorrectionFromTerminal(purchase);
        return Unusable() is { } declined
            ? Task.FromResult(AccrualResult.Decline(declined.Reason, declined.Message))
            : Customer().EarnAsync(purchase!, _id);
    }

    async Task<CheckoutResult> ILoyaltyCardGrain.CheckoutAsync(Purchase purchase, long pointsToRedeem)
    {
        RefuseClockCorrectionFromTerminal(purchase);
        if (Unusable() is { } declined)
        {
            return new CheckoutResult(Info(), AccrualResult.Decline(declined.Reason, declined.Message), null, null);
        }
        var done = await Customer().CheckoutAsync(purchase!, pointsToRedeem, _id);
        return new CheckoutResult(Info(), done.Accrual, done.Redemption, Shown(done.Customer));
    }

    // A clock correction moves a sale's time away from its business day: the back office's to make, never a till's.
    private static void RefuseClockCorrectionFromTerminal(Purchase? purchase)
    {
        if (purchase?.ClockCorrection is not null && CallerContext.Terminal is not null)
        {
            throw new InvalidRequestException("ClockCorrection is set by the back office only, when it books a corrected sale.", nameof(Purchase.ClockCorrection));
        }
    }

    Task<RedemptionResult> ILoyaltyCardGrain.RedeemAsync(Redemption redemption) =>
        Unusable() is { } declined
            ? Task.FromResult(RedemptionResult.Decline(declined.Reason, declined.Message))
            : Customer().RedeemAsync(redemption, _id);

    Task<AllowanceGrant> ILoyaltyCardGrain.RequestOfflineAllowanceAsync(AllowanceRequest request) =>
        Unusable() is { } declined
            ? Task.FromResult(AllowanceGrant.Decline(declined.Reason, declined.Message))
            : Customer().IssueOfflineAllowanceAsync(request, _id);

    // A card blocked since the allowance was issued is refused: a lost or stolen card's offline use is not booked.
    Task<RedemptionResult> ILoyaltyCardGrain.RedeemOfflineAsync(OfflineRedemption redemption) =>
        Unusable() is { } declined
            ? Task.FromResult(RedemptionResult.Decline(declined.Reason, declined.Message))
            : Customer().RedeemOfflineAsync(redemption, _id);

    Task<RefundResult> ILoyaltyCardGrain.RefundAsync(Refund refund) =>
        Card.CustomerId is null
            ? Task.FromResult(RefundResult.Decline(DeclineReason.UnknownCard, UnknownMessage))
            : Customer().RefundAsync(refund, _id);

    Task<EnrollmentResult> ILoyaltyCardGrain.EnrollAsync(Enrollment enrollment) => OneChangeAtATimeAsync(() => EnrollAloneAsync(enrollment));

    private async Task<EnrollmentResult> EnrollAloneAsync(Enrollment enrollment)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        enrollment.Validate(clock.GetUtcNow());
        var customerId = Codes.CustomerFor(enrollment.EnrollmentId);
        if (Card.Status != CardStatus.Unissued && !(Card.Status == CardStatus.Active && Card.CustomerId == customerId))
        {
            // Not this sign-up's card (any more): a retry of an enrollment that completed finds the card active for its customer.
            return new EnrollmentResult(null, Unusable() ?? new Decline(DeclineReason.CardLinkedElsewhere, $"Card {CardKey} already belongs to a customer."));
        }

        // Each step is idempotent for this enrollment id, so a retry after a failure half way completes the rest.
        var customer = GrainFactory.GetGrain<ICustomerTillGrain>(customerId);
        var enrolled = await customer.EnrollAsync(enrollment.Profile, enrollment.ReferralCode, enrollment.EnrollmentId);
        if (!enrolled.IsAccepted)
        {
            return enrolled;
        }
        if (Card.Status == CardStatus.Unissued)
        {
            await ChangeAsync(CardStatus.Active, customerId);
        }
        await GrainFactory.GetGrain<ICustomerClusterGrain>(customerId).AttachCardAsync(_id);
        return new EnrollmentResult(Shown(await customer.GetAsync()), null);
    }

    async Task<Decline?> ILoyaltyCardGrain.RecordFeedbackAsync(Feedback feedback)
    {
        if (Unusable() is { } declined)
        {
            return declined;
        }
        return await Customer().RecordFeedbackAsync(feedback) ? null : new Decline(DeclineReason.NotEnrolled, $"Customer {Card.CustomerId} is not enrolled.");
    }

    Task<RewardClaimResult> ILoyaltyCardGrain.ClaimRewardAsync(string rewardId, string reference) =>
        Unusable() is { } declined
            ? Task.FromResult(new RewardClaimResult(null, 0, 0, declined))
            : Customer().ClaimRewardAsync(rewardId, reference);

    Task<CouponResult> ILoyaltyCardGrain.RedeemCouponAsync(CouponUse use)
    {
        ArgumentNullException.ThrowIfNull(use);
        use.Validate();
        return Unusable() is { } declined
            ? Task.FromResult(new CouponResult(null, declined))
            : GrainFactory.GetGrain<ICouponGrain>(use.Code).RedeemAsync(use, Card.CustomerId);
    }

    private string CardKey => this.GetPrimaryKeyString();

    // A terminal sees what a cashier needs; the back office sees the whole customer.
    private static CustomerSummary? Shown(CustomerSummary? summary) => CallerContext.Terminal is null ? summary : summary?.ForTerminal();

    private string UnknownMessage => $"Card {CardKey} is not issued to any customer.";

    // The customer this card belongs to, as the till's requests reach it.
    private ICustomerTillGrain Customer() => GrainFactory.GetGrain<ICustomerTillGrain>(Card.CustomerId!);

    // The same customer, as this card tells it which cards are theirs.
    private ICustomerClusterGrain Linked() => GrainFactory.GetGrain<ICustomerClusterGrain>(Card.CustomerId!);

    private Decline? Unusable() => Card.Status switch
    {
        CardStatus.Active => null,
        CardStatus.Unissued => new Decline(DeclineReason.UnknownCard, UnknownMessage),
        CardStatus.Blocked => new Decline(DeclineReason.CardBlocked, $"Card {CardKey} is blocked: {Card.BlockReason}"),
        _ => new Decline(DeclineReason.CardReplaced, $"Card {CardKey} was replaced by {Card.ReplacedBy}; use the new card."),
    };

    private async Task<T> OneChangeAtATimeAsync<T>(Func<Task<T>> change)
    {
        await _change.WaitAsync();
        try
        {
            return await change();
        }
        finally
        {
            _change.Release();
        }
    }

    private async Task ChangeAsync(CardStatus status, string? customerId)
    {
        Card.Status = status;
        Card.CustomerId = customerId;
        Card.ChangedAt = clock.GetUtcNow();
        try
        {
            using (PendingEvents.Attach(ChangeEvent(status, customerId, Card.ChangedAt.Value)))
            {
                await state.WriteStateAsync();
            }
        }
        catch
        {
            // The write may or may not have landed: forget what we assumed and reload next time.
            DeactivateOnIdle();
            throw;
        }
    }

    private OutboxEvent ChangeEvent(CardStatus status, string? customerId, DateTimeOffset at) =>
        OutboxEvent.Create(status switch
        {
            CardStatus.Blocked => EventTypes.CardBlocked,
            CardStatus.Replaced => EventTypes.CardReplaced,
            _ => EventTypes.CardLinked,
        }, customerId, at, new EventPayloads.CardV1(CardKey, status.ToString(), Card.ReplacedBy));

    private CardInfo Info() => new(CardKey, Card.Status, Card.CustomerId, Card.ReplacedBy, Card.BlockReason, Card.ChangedAt);

    private CardResult Accepted() => new(Info(), null);

    private CardResult Declined(Decline decline) => new(Info(), decline);
}
