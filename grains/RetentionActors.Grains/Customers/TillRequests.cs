using System.Runtime.CompilerServices;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;
using RetentionActors.Domain.Ledger;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// A till's request checked before anything is decided (bad input is refused and changes nothing), then named as the
/// ledger names a till operation: store, till, receipt, card (its canonical text), time and business day.
/// </summary>
internal static class TillRequests
{
    public static TillReference Checked(Purchase purchase, CardId? cardId, DateTimeOffset now) =>
        Checked(purchase, p => p.Validate(now), p => new TillReference(p.StoreId, p.TerminalId, p.ReceiptId, cardId?.ToString(), p.OccurredAt, p.Day));

    public static TillReference Checked(Redemption redemption, CardId? cardId, DateTimeOffset now) =>
        Checked(redemption, r => r.Validate(now), r => new TillReference(r.StoreId, r.TerminalId, r.ReceiptId, cardId?.ToString(), r.OccurredAt, r.Day));

    public static TillReference Checked(Refund refund, CardId? cardId, DateTimeOffset now) =>
        Checked(refund, r => r.Validate(now), r => new TillReference(r.StoreId, r.TerminalId, r.ReceiptId, cardId?.ToString(), r.OccurredAt, r.Day));

    public static TillReference Checked(OfflineRedemption redemption, CardId cardId, DateTimeOffset now) =>
        Checked(redemption, r => r.Validate(now), r => new TillReference(r.StoreId, r.TerminalId, r.ReceiptId, cardId.ToString(), r.OccurredAt, r.BusinessDay));

    private static TillReference Checked<T>(T request, Action<T> validate, Func<T, TillReference> name,
        [CallerArgumentExpression(nameof(request))] string? parameter = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(request, parameter);
        validate(request);
        return name(request);
    }
}
