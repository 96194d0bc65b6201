namespace RetentionActors.Contracts.Customers;

/// <summary>
/// A shopper's answer to "how likely are you to recommend us?" (0–10), given at a kiosk or till.
/// <see cref="Reference"/> identifies the answer: the same reference twice is stored once.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Customers.Feedback")]
public sealed record Feedback(
    [property: Id(0)] string Reference,
    [property: Id(1)] int Score,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? StoreId = null)
{
    public void Validate(DateTimeOffset now)
    {
        Require.Id(Reference, nameof(Reference));
        Require.RecentTillTime(At, now, nameof(At));
        if (Score is < 0 or > 10)
        {
            throw new InvalidRequestException($"A recommendation score is 0 to 10, not {Score}.", nameof(Score));
        }
        if (StoreId is not null)
        {
            Require.Id(StoreId, nameof(StoreId));
        }
    }
}
