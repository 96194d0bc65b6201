using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Events;
using RetentionActors.Grains.Security;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// How a decision becomes durable: the commit gets what travels with it (the audit row, the events, the due times, a
/// snapshot), is applied to memory and staged in the <see cref="CommitPipeline"/>; the call filter answers once it is
/// durable. Kept apart from the grain so every operation stages its write the same way.
/// </summary>
internal sealed class CustomerCommits(string customerId, CustomerMemory memory, CommitPipeline pipeline, TimeProvider clock, Action reload)
{
    /// <summary>Completes once everything staged so far is durable; faults when a write failed.</summary>
    public Task Durable => pipeline.Durable;

    /// <summary>The receipt the call being decided claims in its commit, for the call filter: a refusal names it.</summary>
    public string? ReceiptClaimedByCall { get; private set; }

    /// <summary>The operation key the call being decided commits, for the call filter: a refusal as done names it.</summary>
    public string? OperationKeyOfCall { get; private set; }

    /// <summary>Starts a call's turn: nothing is decided on memory that is ahead of storage.</summary>
    public void BeginCall()
    {
        pipeline.ThrowIfFailed(customerId);
        ReceiptClaimedByCall = null;
        OperationKeyOfCall = null;
    }

    public Task SaveDocumentAsync(CustomerDocument document) => CommitAsync(new CustomerCommit(customerId, document, [], null, null));

    /// <summary>
    /// Appends the entries (and a changed document) with the answer under <paramref name="key"/>; a till operation claims
    /// its <paramref name="receipt"/> for this customer in the same commit.
    /// </summary>
    public async Task<T> AppendAsync<T>(string? key, IReadOnlyList<LedgerEntry> entries, T result, CustomerDocument? document = null, string? receipt = null,
        IReadOnlyList<HoldoutAssignment>? assignments = null)
    {
        var answer = key is null ? null : OperationAnswer.OfAny(result);
        ReceiptClaimedByCall = receipt ?? ReceiptClaimedByCall;
        OperationKeyOfCall = key ?? OperationKeyOfCall;
        await CommitAsync(new CustomerCommit(customerId, document, OnBehalfOfOperator(entries), key, answer) { Receipt = receipt, Assignments = assignments ?? [] });
        return result;
    }

    /// <summary>Stages the write and applies it to memory; the call filter answers once it is durable.</summary>
    public Task CommitAsync(CustomerCommit commit)
    {
        // The audit row of the operation, if the back office asked for one, travels in the commit. Read here, in the
        // call's own flow: the pipeline writes staged commits later, from whichever call is in flight then.
        // The events are found against the document this commit follows: the one in memory, not yet replaced by Apply.
        var now = clock.GetUtcNow();
        commit = commit with { Audit = AuditContext.RecordForCurrentCall(), Events = CustomerEvents.Of(memory.Document, commit, now) };
        pipeline.ThrowIfFailed(customerId);
        try
        {
            memory.Apply(commit);
        }
        catch
        {
            // Partly applied, not staged: memory no longer matches storage, so reload.
            reload();
            throw;
        }
        // Applied first, so what the sweeps should look for is known from the state this commit leaves, and goes with it.
        pipeline.Stage(commit with { Due = memory.DueChange(now), Snapshot = memory.Snapshots.Due(memory.Account) });
        return Task.CompletedTask;
    }

    /// <summary>
    /// Entries written for a back-office operator name them, so no booked row is unattributed (an import's neither);
    /// an entry that already names someone (the operator who asked for an adjustment) keeps them.
    /// </summary>
    private static IReadOnlyList<LedgerEntry> OnBehalfOfOperator(IReadOnlyList<LedgerEntry> entries) =>
        CallerContext.Operator is { } name && entries.Any(e => e.OperatorId is null)
            ? [.. entries.Select(e => e.OperatorId is null ? e with { OperatorId = name } : e)]
            : entries;
}
