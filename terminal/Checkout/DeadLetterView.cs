using RetentionActors.Terminal.Outbox;

namespace RetentionActors.Terminal.Checkout;

/// <summary>A dead letter as the cashier screen and the JSON protocol show it.</summary>
public sealed record DeadLetterView(
    string ReceiptId, string BusinessDay, string CardId, decimal Amount, DateTimeOffset OccurredAt, string Reason, string Message, DateTimeOffset Since,
    int Attempts, long? ClockSkewMinutes, bool Reported)
{
    public static DeadLetterView Of(OutboxDeadLetter letter) => new(
        letter.Purchase.ReceiptId, RetentionActors.Contracts.Ledger.TillDay.Text(letter.Purchase.Day), letter.CardId, letter.Purchase.Amount,
        letter.Purchase.OccurredAt, letter.ReasonCode, letter.Message, letter.Since, letter.Attempts,
        letter.ClockSkew is { } skew ? (long)Math.Round(skew.TotalMinutes) : null, letter.ReportedAt is not null);
}
