using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.Ledger;

/// <summary>
/// A sale as the till rang it up. <see cref="OccurredAt"/> is the till's clock, kept as given.
/// Store and receipt identify it: the same pair sent again earns nothing more.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Ledger.Purchase")]
public sealed record Purchase(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string TerminalId,
    [property: Id(2)] string ReceiptId,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] decimal Amount,
    [property: Id(5)] IReadOnlyList<PurchaseLine>? Lines = null) : ITillOperation
{
    public void Validate(DateTimeOffset now)
    {
        Require.Id(StoreId, nameof(StoreId));
        Require.Id(TerminalId, nameof(TerminalId));
        Require.Id(ReceiptId, nameof(ReceiptId));
        Require.PlausibleTime(OccurredAt, now, nameof(OccurredAt));
        Require.PositiveAmount(Amount, nameof(Amount));
        if (Lines is null)
        {
            return;
        }
        if (Lines.Count > 1000)
        {
            throw new InvalidRequestException("A receipt has at most 1000 lines.", nameof(Lines));
        }
        foreach (var line in Lines)
        {
            Require.Text(line.Sku, "Lines.Sku", 64);
            if (line.Category is not null)
            {
                Require.Text(line.Category, "Lines.Category", 64);
            }
            Require.PositiveAmount(line.Amount, "Lines.Amount");
            Require.PositiveAmount(line.Quantity, "Lines.Quantity");
        }
        var linesTotal = Lines.Sum(l => l.Amount);
        if (linesTotal > Amount)
        {
            throw new InvalidRequestException($"The lines add up to {linesTotal}, more than the receipt total {Amount}.", nameof(Lines));
        }
    }
}
