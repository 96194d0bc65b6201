namespace RetentionActors.Contracts.DeadLetters;

/// <summary>Where a dead letter stands in the back office.</summary>
public enum DeadLetterStatus
{
    /// <summary>Waiting for an operator.</summary>
    Open = 1,

    /// <summary>An operator's correction is being booked; retrying completes it with the same correction.</summary>
    Booking = 2,

    /// <summary>Booked in the ledger (by the correction, or found already booked); the till may delete its copy.</summary>
    Booked = 3,

    /// <summary>Closed by an operator without booking, with a reason; the till may delete its copy.</summary>
    Dismissed = 4,
}
