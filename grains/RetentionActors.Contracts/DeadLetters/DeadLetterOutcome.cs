namespace RetentionActors.Contracts.DeadLetters;

/// <summary>How a back-office retry or dismissal of a dead letter ended.</summary>
public enum DeadLetterOutcome
{
    /// <summary>Booked, or dismissed, now.</summary>
    Done = 1,

    /// <summary>It was booked, or dismissed, before: nothing more happened.</summary>
    AlreadyDone = 2,

    /// <summary>The till has no such dead letter here.</summary>
    NotFound = 3,

    /// <summary>The silo declined the corrected sale; the letter is open again with the new reason.</summary>
    Declined = 4,

    /// <summary>The letter is in a state that does not allow it (dismissing a booked one, booking a dismissed one).</summary>
    Conflict = 5,
}
