namespace RetentionActors.Storage.BackOffice;

/// <summary>Adjustments waiting for a second operator, in the cluster's database, shared by every silo.</summary>
public interface IAdjustmentApprovalStore
{
    /// <summary>
    /// Records <paramref name="request"/> unless the customer already has an approval with its reference, and
    /// returns what is stored: the new request, or the one that was there first.
    /// </summary>
    Task<AdjustmentApproval> AddOrGetAsync(AdjustmentApproval request, CancellationToken cancellationToken = default);

    Task<AdjustmentApproval?> FindAsync(string approvalId, CancellationToken cancellationToken = default);

    Task<AdjustmentApproval?> FindByReferenceAsync(string customerId, string reference, CancellationToken cancellationToken = default);

    /// <summary>The newest approvals first, all or only those in <paramref name="status"/>.</summary>
    Task<IReadOnlyList<AdjustmentApproval>> ListAsync(ApprovalStatus? status, int take, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a <see cref="ApprovalStatus.Pending"/> approval to <paramref name="decision"/> (approved or rejected),
    /// naming who decided; false when it was not pending any more — only one decision ever wins.
    /// </summary>
    Task<bool> DecideAsync(string approvalId, ApprovalStatus decision, string decidedBy, DateTimeOffset at, string? note, CancellationToken cancellationToken = default);

    /// <summary>Marks an approved adjustment the engine declined, with its message; false when it was not approved.</summary>
    Task<bool> MarkDeclinedAsync(string approvalId, string message, CancellationToken cancellationToken = default);
}
