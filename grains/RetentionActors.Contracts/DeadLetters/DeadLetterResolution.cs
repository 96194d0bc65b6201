namespace RetentionActors.Contracts.DeadLetters;

/// <summary>How a till's dead letter stands; the till deletes its copy when it is <see cref="DeadLetterStatus.Booked"/> or <see cref="DeadLetterStatus.Dismissed"/>.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.DeadLetters.DeadLetterResolution")]
public sealed record DeadLetterResolution(
    [property: Id(0)] DateOnly BusinessDay,
    [property: Id(1)] string ReceiptId,
    [property: Id(2)] DeadLetterStatus Status)
{
    /// <summary>The operator who booked or dismissed it.</summary>
    [Id(3)]
    public string? ResolvedBy { get; init; }

    /// <summary>The dismissal's reason, or what the correction changed.</summary>
    [Id(4)]
    public string? Note { get; init; }

    public bool IsResolved => Status is DeadLetterStatus.Booked or DeadLetterStatus.Dismissed;
}
