using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Core.Internal;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Program;
using RetentionActors.Domain;
using RetentionActors.Domain.Tiers;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Coupons;
using RetentionActors.Grains.Events;
using RetentionActors.Grains.Program;
using RetentionActors.Grains.Security;
using RetentionActors.Grains.Storage;
using ContractEntry = RetentionActors.Contracts.Ledger.LedgerEntry;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// A customer and the single writer of their ledger. Requests are decided one at a time (the
/// <see cref="IIncomingGrainCallFilter"/> below), so two tills redeeming at once see each other's effect.
/// A decision is applied in memory and staged in the <see cref="CommitPipeline"/>; the next request may
/// be decided while that write is in flight, but no request is answered before everything decided up
/// to its own end is durable. A failed write makes the activation refuse everything and reload.
/// </summary>
[GrainType("customer")]
[Reentrant]
public sealed partial class CustomerGrain(
    ICustomerStore store,
    ProgramRulesCache programRules,
    CouponCodes couponCodes,
    OfflineAllowanceSigner allowanceSigner,
    [FromKeyedServices(GrainServices.ClockKey)] TimeProvider clock,
    ILogger<CustomerGrain> logger)
    : Grain, ICustomerGrain, IIncomingGrainCallFilter
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private CommitPipeline? _commits;
    private CustomerDocument? _document;
    private PointsAccount _account = new();
    private OperationKeys _operations = new();
    // The ledger sequence the stored snapshot covers (0: none): a new one goes with the commit that takes the tail past SnapshotAfter.
    private long _snapshotSeq;

    /// <summary>
    /// How many ledger entries may follow the stored snapshot before a commit writes a new one: an activation reads at
    /// most about this many entries, and a snapshot is written about once per this many entries.
    /// </summary>
    public const int SnapshotAfter = 64;

    private string CustomerId => this.GetPrimaryKeyString();
    private DateTimeOffset Now => clock.GetUtcNow();

    private CommitPipeline Commits => _commits ??= new CommitPipeline(store, exception =>
    {
        // Storage may hold less than memory: reload on the next call rather than guess.
        if (exception is StoreUnavailableException)
        {
            // The silo logs the outage once; one warning per customer with a stack trace would bury it.
            LogCommitRefusedStoreUnavailable(logger, CustomerId);
        }
        else
        {
            LogCommitFailed(logger, exception, CustomerId);
        }
        DeactivateOnIdle();
    });

    /// <summary>Every call: decide alone, then wait (without blocking the next decision) until it is durable.</summary>
    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        await _turn.WaitAsync();
        Task durable;
        string? claimed;
        string? keyed;
        try
        {
            Commits.ThrowIfFailed(CustomerId);
            _receiptClaimedByCall = null;
            _operationKeyOfCall = null;
            await context.Invoke();
        }
        finally
        {
            durable = Commits.Durable;
            claimed = _receiptClaimedByCall;
            keyed = _operationKeyOfCall;
            _turn.Release();
        }
        try
        {
            await durable;
        }
        catch (Exception failure) when (RefusedForAnotherCustomer(failure, claimed, context.Result) is { } declined)
        {
            context.Result = declined;
        }
        catch (ReceiptOwnedElsewhereException)
        {
            // Another call's receipt, decided before this one: this call's decision was on top of it and is void too.
            throw VoidedByRefusedSale();
        }
        catch (OperationAlreadyDoneException done) when (done.OperationKey == keyed)
        {
            context.Result = await FirstAnswerAsync(done, context.Result);
        }
        catch (OperationAlreadyDoneException)
        {
            // Another call's repeat, decided before this one: as above, this call's decision is void and it is sent again.
            throw VoidedByRefusedSale();
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = await store.LoadAsync(CustomerId, cancellationToken);
        if (stored is not null)
        {
            _document = stored.Document;
            _account = stored.Snapshot is { } snapshot
                ? PointsAccount.Restore(snapshot, stored.Entries, stored.EarlierEntries)
                : PointsAccount.Replay(stored.Entries);
            _snapshotSeq = stored.Snapshot?.LastSeq ?? 0;
            _operations = new OperationKeys(stored.OperationKeys, stored.OperationKeysSince);
            _due = stored.Due;
        }
    }

    async Task<EnrollmentResult> ICustomerGrain.EnrollAsync(CustomerProfile profile, string? referralCode, string? enrollmentId)
    {
        Require.Id(CustomerId, "CustomerId");
        ArgumentNullException.ThrowIfNull(profile);
        profile.Validate(Now);
        if (enrollmentId is not null)
        {
            Require.Id(enrollmentId, nameof(enrollmentId));
        }
        if (_document is not null)
        {
            // The same sign-up again (a retry after a lost answer) is answered as it was; anything else is a second enrollment.
            return enrollmentId is not null && _document.EnrollmentId == enrollmentId
                ? new EnrollmentResult(await SummaryAsync(), null)
                : new EnrollmentResult(null, new Decline(DeclineReason.AlreadyEnrolled, $"Customer {CustomerId} is already enrolled."));
        }

        var referrer = referralCode is null ? null : await ReferrerAsync(referralCode, profile);
        await SaveDocumentAsync(new CustomerDocument(profile, Now, [], Version: 1) { ReferredBy = referrer, EnrollmentId = enrollmentId });
        await GrainFactory.GetGrain<IReferralCodeGrain>(Codes.Referral(CustomerId)).BindAsync(CustomerId);
        return new EnrollmentResult(await SummaryAsync(), null);
    }

    async Task<CustomerSummary?> ICustomerGrain.GetAsync() => _document is null ? null : await SummaryAsync();

    async Task<IReadOnlyList<ContractEntry>> ICustomerGrain.GetLedgerAsync(long afterSeq, int take)
    {
        if (take is < 1 or > 1000 || afterSeq < 0)
        {
            throw new InvalidRequestException("Read 1 to 1000 ledger entries after a sequence number of 0 or more.", nameof(take));
        }
        var entries = await store.ReadLedgerAsync(CustomerId, afterSeq, take);
        return [.. entries.Select(e => e.ToContract())];
    }

    async Task<CustomerSummary?> ICustomerGrain.ErasePersonalDataAsync()
    {
        if (_document is null)
        {
            return null;
        }
        // The customers table's name, e-mail and phone columns follow the document, so they are cleared too. An erased
        // customer is erased again all the same: that removes free text written since, or left by an older build.
        var erasure = new PersonalDataErasure(_document.Cards, _document.Coupons);
        var document = _document.Profile == CustomerProfile.Erased ? null : _document with { Profile = CustomerProfile.Erased, Version = _document.Version + 1 };
        await CommitAsync(new CustomerCommit(CustomerId, document, [], null, null) { Erasure = erasure }, () => _document = document ?? _document);
        await Commits.Durable;
        // Activations of the cards and coupons whose text was replaced (and this one) still hold it in memory: they reload.
        await Task.WhenAll(erasure.RewrittenGrains.Select(grain => GrainFactory.GetGrain(grain).Cast<IGrainManagementExtension>().DeactivateOnIdle().AsTask()));
        var summary = await SummaryAsync();
        DeactivateOnIdle();
        return summary;
    }

    async Task<bool> ICustomerGrain.RecordFeedbackAsync(Feedback feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        feedback.Validate(Now);
        if (_document is null)
        {
            return false;
        }
        if (!_document.Feedback.Any(f => f.Reference == feedback.Reference))
        {
            await SaveDocumentAsync(_document with { Feedback = [.. _document.Feedback, feedback], Version = _document.Version + 1 });
        }
        return true;
    }

    async Task ICustomerGrain.AttachCardAsync(string cardId)
    {
        var document = EnrolledDocument();
        if (!document.Cards.Contains(cardId))
        {
            await SaveDocumentAsync(document with { Cards = [.. document.Cards, cardId], Version = document.Version + 1 });
        }
    }

    async Task ICustomerGrain.DetachCardAsync(string cardId)
    {
        var document = EnrolledDocument();
        if (document.Cards.Contains(cardId))
        {
            await SaveDocumentAsync(document with { Cards = [.. document.Cards.Where(c => c != cardId)], Version = document.Version + 1 });
        }
    }

    private CustomerDocument EnrolledDocument() =>
        _document ?? throw new InvalidOperationException($"Customer {CustomerId} is not enrolled.");

    private async Task<CustomerSummary> SummaryAsync()
    {
        var document = EnrolledDocument();
        var program = await ProgramAsync();
        var now = Now;
        var (tier, next, spendToNext) = program.Current.Tiers.Progress(document.Tier, _account.RollingSpend(now));
        return new CustomerSummary(CustomerId, document.Profile, document.EnrolledAt, document.Cards, _account.Balance,
            _account.LifetimeSpend, _account.VisitCount, _account.FirstPurchaseAt, _account.LastPurchaseAt)
        {
            Tier = tier?.Name,
            NextTier = next?.Name,
            SpendToNextTier = spendToNext,
            TierReviewAt = document.Tier?.ReviewAt,
            PointsExpiringSoon = _account.ExpiringBetween(now, now.AddDays(30), program.Timing),
            PendingPoints = _account.Pending(now, program.Timing),
            Stamps = document.Stamps,
            Coupons = document.Coupons,
            ReferralCode = Codes.Referral(CustomerId),
            LimitBreaches = document.LimitBreaches,
            Feedback = document.Feedback,
            Debt = _account.Debt,
        };
    }

    /// <summary>Every version of the program's rules, from this silo's cache; its lot timing is kept for <see cref="CurrentDue"/>.</summary>
    private async ValueTask<ProgramHistory> ProgramAsync()
    {
        var program = await programRules.GetAsync();
        _timing = program.Timing;
        return program;
    }

    private Task SaveDocumentAsync(CustomerDocument document) =>
        CommitAsync(new CustomerCommit(CustomerId, document, [], null, null), () => _document = document);

    /// <summary>
    /// Appends the entries (and a changed document) with the answer under <paramref name="key"/>; a till operation claims
    /// its <paramref name="receipt"/> for this customer in the same commit.
    /// </summary>
    private async Task<T> AppendAsync<T>(string? key, IReadOnlyList<LedgerEntry> entries, T result, CustomerDocument? document = null, string? receipt = null,
        IReadOnlyList<HoldoutAssignment>? assignments = null)
    {
        entries = OnBehalfOfOperator(entries);
        var json = key is null ? null : StorageJson.Serialize(result);
        _receiptClaimedByCall = receipt ?? _receiptClaimedByCall;
        _operationKeyOfCall = key ?? _operationKeyOfCall;
        await CommitAsync(new CustomerCommit(CustomerId, document, entries, key, json) { Receipt = receipt, Assignments = assignments ?? [] }, () =>
        {
            foreach (var entry in entries)
            {
                _account.Apply(entry);
            }
            if (key is not null)
            {
                _operations.Add(key);
            }
            _document = document ?? _document;
        });
        return result;
    }

    /// <summary>
    /// Entries written for a back-office operator name them, so no booked row is unattributed (an import's neither);
    /// an entry that already names someone (the operator who asked for an adjustment) keeps them.
    /// </summary>
    private static IReadOnlyList<LedgerEntry> OnBehalfOfOperator(IReadOnlyList<LedgerEntry> entries) =>
        CallerContext.Operator is { } name && entries.Any(e => e.OperatorId is null)
            ? [.. entries.Select(e => e.OperatorId is null ? e with { OperatorId = name } : e)]
            : entries;

    /// <summary>Stages the write and applies it to memory; the call filter answers once it is durable.</summary>
    private Task CommitAsync(CustomerCommit commit, Action apply)
    {
        // The audit row of the operation, if the back office asked for one, travels in the commit. Read here, in the
        // call's own flow: the pipeline writes staged commits later, from whichever call is in flight then.
        // The events are found against the document this commit follows: the one in memory, not yet replaced by apply().
        commit = commit with { Audit = AuditContext.RecordForCurrentCall(), Events = CustomerEvents.Of(_document, commit, Now) };
        Commits.ThrowIfFailed(CustomerId);
        try
        {
            apply();
        }
        catch
        {
            // Partly applied, not staged: memory no longer matches storage, so reload.
            DeactivateOnIdle();
            throw;
        }
        // Applied first, so what the sweeps should look for is known from the state this commit leaves, and goes with it.
        Commits.Stage(commit with { Due = DueChange(), Snapshot = SnapshotDue() });
        return Task.CompletedTask;
    }

    /// <summary>The account as of now, when the entries after the stored snapshot have passed <see cref="SnapshotAfter"/>; else null.</summary>
    private AccountSnapshot? SnapshotDue()
    {
        if (_account.LastSeq - _snapshotSeq <= SnapshotAfter)
        {
            return null;
        }
        _snapshotSeq = _account.LastSeq;
        return _account.ToSnapshot();
    }

    /// <summary>The answer stored with operation <paramref name="key"/>, or null when the operation was not done.</summary>
    /// <param name="occurredAt">When the operation occurred, as its till says: an old one may be done with its key not in memory.</param>
    private async Task<T?> StoredAnswerAsync<T>(string key, DateTimeOffset? occurredAt = null) where T : class =>
        await StoredAnswerJsonAsync(key, occurredAt) is { } json ? StorageJson.Deserialize<T>(json) : null;

    /// <summary>Whether operation <paramref name="key"/> was done (its answer is stored).</summary>
    private async Task<bool> DoneAsync(string key) => await StoredAnswerJsonAsync(key) is not null;

    // Memory knows a hash of each key done (OperationKeys); storage, or the commit on its way there, has the key and answer.
    private async Task<string?> StoredAnswerJsonAsync(string key, DateTimeOffset? occurredAt = null) =>
        !_operations.MayContain(key, occurredAt) ? null : Commits.PendingAnswer(key) ?? await store.ReadOperationResultAsync(CustomerId, key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit for customer {CustomerId} failed; the grain will reload from storage")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, string customerId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Commit for customer {CustomerId} refused: the loyalty database is unavailable; the grain will reload from storage")]
    private static partial void LogCommitRefusedStoreUnavailable(ILogger logger, string customerId);
}
