using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.DeadLetters;

/// <summary>A till asking how its own dead letters stand (at most <see cref="MostReceipts"/> at a time).</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.DeadLetters.TillDeadLetterQuery")]
public sealed record TillDeadLetterQuery(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string TerminalId,
    [property: Id(2)] IReadOnlyList<DeadLetterReceipt> Receipts) : ITillOperation
{
    public const int MostReceipts = 1000;

    public void Validate()
    {
        Require.Id(StoreId, nameof(StoreId));
        Require.Id(TerminalId, nameof(TerminalId));
        if (Receipts is null || Receipts.Count > MostReceipts)
        {
            throw new InvalidRequestException($"Ask about 0 to {MostReceipts} receipts at a time.", nameof(Receipts));
        }
    }
}
