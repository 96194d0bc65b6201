namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// A manual adjustment above the program's approval threshold, as one operator asked for it, and what a
/// second operator decided. One per customer and reference: the reference is the adjustment's identity.
/// </summary>
public sealed record AdjustmentApproval(
    string Id, string CustomerId, string Reference, long Points, string Reason, string RequestedBy, DateTimeOffset RequestedAt)
{
    public ApprovalStatus Status { get; init; } = ApprovalStatus.Pending;

    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Why it was rejected, or what the engine said when it declined the approved adjustment.</summary>
    public string? DecisionNote { get; init; }
}
