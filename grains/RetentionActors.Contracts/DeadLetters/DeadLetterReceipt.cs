namespace RetentionActors.Contracts.DeadLetters;

/// <summary>A dead letter within its till: the business day and number of the sale's receipt.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.DeadLetters.DeadLetterReceipt")]
public sealed record DeadLetterReceipt(
    [property: Id(0)] DateOnly BusinessDay,
    [property: Id(1)] string ReceiptId);
