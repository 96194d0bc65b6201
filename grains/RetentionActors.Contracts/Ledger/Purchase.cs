using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.Ledger;

/// <summary>
/// A sale as the till rang it up. <see cref="OccurredAt"/> is the till's clock, kept as given.
/// Store, till, business day and receipt number identify it (tills number receipts per till and start
/// again every day): the same four sent again earn nothing more.
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
    /// <summary>The day the till counts the receipt in; null: the date of <see cref="OccurredAt"/> in its own offset.</summary>
    [Id(6)]
    public DateOnly? BusinessDay { get; init; }

    /// <summary>
    /// The till's clock when it sent this purchase (set on every send and replay; null from older terminals). The silo
    /// measures the till's clock against its own with it: a sale queued offline for days is fine, a till whose clock
    /// is days off is not.
    /// </summary>
    [Id(7)]
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>
    /// Set only by the back office when it books a sale whose till clock was wrong: what it added to the till's time to
    /// get <see cref="OccurredAt"/> (e.g. minus two days). The receipt keeps its identity, business day included, so the
    /// business day is checked against the till's original time. Refused from terminals.
    /// </summary>
    [Id(8)]
    public TimeSpan? ClockCorrection { get; init; }

    /// <summary><see cref="BusinessDay"/>, or the date the till's clock showed.</summary>
    public DateOnly Day => BusinessDay ?? TillDay.Of(TillTime);

    /// <summary>The time the till's clock showed at the sale: <see cref="OccurredAt"/> before any back-office correction.</summary>
    public DateTimeOffset TillTime => OccurredAt - (ClockCorrection ?? TimeSpan.Zero);

    public void Validate(DateTimeOffset now)
    {
        Require.Id(StoreId, nameof(StoreId));
        Require.Id(TerminalId, nameof(TerminalId));
        Require.Id(ReceiptId, nameof(ReceiptId));
        Require.PlausibleTime(OccurredAt, now, nameof(OccurredAt));
        if (SentAt is { } sent)
        {
            Require.PlausibleTime(sent, now, nameof(SentAt));
        }
        if (ClockCorrection is { } correction && (correction == TimeSpan.Zero || correction.Duration() > Require.AbsurdlyAhead))
        {
            throw new InvalidRequestException($"ClockCorrection {correction} must be non-zero and less than {Require.AbsurdlyAhead.Days} days.", nameof(ClockCorrection));
        }
        Require.BusinessDay(BusinessDay, TillTime, nameof(BusinessDay));
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
