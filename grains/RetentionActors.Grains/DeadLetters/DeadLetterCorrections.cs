using System.Globalization;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Clocks;

namespace RetentionActors.Grains.DeadLetters;

/// <summary>How an operator's correction changes a dead letter, and the sale that is then booked.</summary>
public static class DeadLetterCorrections
{
    /// <summary>The letter with the correction's time, card and amount, and a note saying what changed.</summary>
    public static DeadLetter Apply(DeadLetter letter, DeadLetterCorrection correction)
    {
        var shift = correction.UndoClockSkew
            ? -(letter.ClockSkew ?? throw new InvalidRequestException(
                "The silo measured no clock skew for this sale; give shiftMinutes to move its time instead.", nameof(correction.UndoClockSkew)))
            : TimeSpan.FromMinutes(correction.ShiftMinutes ?? 0);
        var card = correction.CardId is { } typed ? CardId.Parse(typed).ToString() : null;
        var changes = new List<string>();
        if (shift != TimeSpan.Zero)
        {
            changes.Add($"time moved {(shift < TimeSpan.Zero ? "back" : "forward")} by {TillClock.Describe(shift)}{(correction.UndoClockSkew ? " (the till's measured clock skew)" : "")}");
        }
        if (card is not null && card != letter.CardId)
        {
            changes.Add($"card {letter.CardId} → {card}");
        }
        if (correction.Amount is { } amount && amount != letter.Amount)
        {
            changes.Add(string.Create(CultureInfo.InvariantCulture, $"amount {letter.Amount} → {amount}"));
        }
        return letter with
        {
            CorrectedOccurredAt = shift == TimeSpan.Zero ? null : letter.OccurredAt + shift,
            CorrectedCardId = card is not null && card != letter.CardId ? card : null,
            CorrectedAmount = correction.Amount is { } changed && changed != letter.Amount ? changed : null,
            ResolutionNote = changes.Count == 0 ? "booked as the till rang it up" : string.Join("; ", changes),
        };
    }

    /// <summary>
    /// The sale to book: the till's receipt identity (store, till, business day, number) unchanged, so it is one sale
    /// whatever is retried; time, amount and card as corrected. Lines are left out when the amount changed.
    /// </summary>
    public static Purchase Sale(DeadLetter letter)
    {
        var occurredAt = letter.CorrectedOccurredAt ?? letter.OccurredAt;
        return new Purchase(letter.StoreId, letter.TerminalId, letter.ReceiptId, occurredAt, letter.CorrectedAmount ?? letter.Amount,
            letter.CorrectedAmount is null ? letter.Lines : null)
        {
            BusinessDay = letter.BusinessDay,
            ClockCorrection = occurredAt == letter.OccurredAt ? null : occurredAt - letter.OccurredAt,
        };
    }
}
