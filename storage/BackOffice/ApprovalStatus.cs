namespace RetentionActors.Storage.BackOffice;

/// <summary>Where an adjustment waiting for a second operator stands.</summary>
public enum ApprovalStatus
{
    /// <summary>Waiting for an approver or admin other than the one who asked.</summary>
    Pending,

    /// <summary>Accepted by a second operator; the adjustment is (or, after a failure, will be on the next accept) in the ledger.</summary>
    Approved,

    /// <summary>Refused by an operator, with a reason; nothing was adjusted.</summary>
    Rejected,

    /// <summary>Accepted, but the engine declined the adjustment (for example, not enough points left); nothing was adjusted.</summary>
    Declined,
}
