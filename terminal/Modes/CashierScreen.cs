using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Modes;

/// <summary>Human-readable status lines for the cashier and kiosk: green for good news, red for refusals.</summary>
public sealed class CashierScreen(TextWriter output, bool colour)
{
    private readonly Lock _lock = new();

    public void Good(string text) => Write("\u001b[32m", "OK  ", text);

    public void Bad(string text) => Write("\u001b[31m", "NO  ", text);

    public void Info(string text) => Write("", "", text);

    /// <summary>Says how many sales the till keeps as dead letters, when it keeps any.</summary>
    public void DeadLetters(int count)
    {
        if (count > 0)
        {
            Bad(DeadLetterNotice.Text(count));
        }
    }

    public void Prompt(string text)
    {
        lock (_lock)
        {
            output.Write(text);
            output.Flush();
        }
    }

    public void Show(DeskAnswer answer)
    {
        switch (answer.Event)
        {
            case AnswerEvents.Card when answer.Known == true:
                Good($"{answer.Name} — balance {answer.Balance} points, {answer.Visits} visits ({answer.CardId}){Standing(answer)}");
                break;
            case AnswerEvents.Card when answer.Reason == DeclineReasons.Offline:
                Bad($"{answer.CardId}: silo offline — purchases will be queued, nothing else works until it is back");
                break;
            case AnswerEvents.Card:
                Bad($"{answer.CardId}: not a customer card ({answer.Message ?? answer.Status}) — enroll it with 'e'");
                break;
            case AnswerEvents.Accrued:
                Good($"+{answer.PointsEarned} points on {answer.ReceiptId}, new balance {answer.Balance}{(answer.Replayed == true ? " (already booked earlier)" : "")}{Unlocked(answer)}");
                break;
            case AnswerEvents.Queued:
                Bad($"QUEUED {answer.ReceiptId}: {answer.Message ?? "silo offline"}; points are booked then");
                break;
            case AnswerEvents.Redeemed when answer.Offline == true:
                Good($"OFFLINE REDEMPTION -{answer.PointsRedeemed} points ({answer.Message})");
                break;
            case AnswerEvents.Redeemed:
                Good($"-{answer.PointsRedeemed} points = {answer.Value:0.00} off, new balance {answer.Balance}");
                break;
            case AnswerEvents.Refunded:
                Good($"refund {answer.ReceiptId}: -{answer.PointsReversed} points, +{answer.PointsReturned} returned, new balance {answer.Balance}{TakenBack(answer)}");
                break;
            case AnswerEvents.Enrolled:
                Good($"enrolled {answer.Name} ({answer.CustomerId}) on {answer.CardId}, balance {answer.Balance}");
                break;
            case AnswerEvents.Balance:
                Good($"{answer.Name}: balance {answer.Balance} points");
                break;
            case AnswerEvents.Feedback:
                Good($"recommendation {answer.Score}/10 stored for {answer.CustomerId}");
                break;
            case AnswerEvents.Replayed:
                (answer.Accepted == true ? (Action<string>)Good : Bad)($"queued {answer.ReceiptId} sent: {(answer.Accepted == true ? $"+{answer.PointsEarned} points, balance {answer.Balance}" : answer.Message)}");
                break;
            case AnswerEvents.DeadLetters when answer.DeadLetters == 0:
                Good("no dead letters at this till");
                break;
            case AnswerEvents.DeadLetters:
                DeadLetters(answer.DeadLetters ?? 0);
                foreach (var letter in answer.Letters ?? [])
                {
                    Info($"  {letter.BusinessDay} receipt {letter.ReceiptId}, card {letter.CardId}, {letter.Amount:0.00}: {letter.Reason} — {letter.Message} (since {letter.Since:yyyy-MM-dd HH:mm})");
                }
                break;
            default:
                Bad($"declined ({answer.Reason}): {answer.Message}");
                break;
        }
        if (answer.Event != AnswerEvents.DeadLetters && answer.DeadLetters is > 0 and var kept)
        {
            DeadLetters(kept);
        }
    }

    private static string Standing(DeskAnswer answer) =>
        (answer.Tier is { } tier ? $"; tier {tier}" : "")
        + (answer.Coupons is { Count: > 0 } coupons ? $"; coupons {string.Join(", ", coupons)}" : "")
        + (answer.Offers is { Count: > 0 } offers ? $"; offers: {string.Join(", ", offers)}" : "");

    private static string Unlocked(DeskAnswer answer) =>
        (answer.Unlocked is { Count: > 0 } unlocked ? $"; unlocked: {string.Join(", ", unlocked)}" : "")
        + (answer.DiscountAmount is { } discount ? $"; discount {answer.DiscountPercent}% = {discount}" : "")
        + (answer.BonusPoints is { } bonus ? $"; +{bonus} bonus ({string.Join(", ", answer.Campaigns ?? [])})" : "")
        + (answer.Tier is { } tier ? $"; tier {tier}" : "");

    private static string TakenBack(DeskAnswer answer) =>
        (answer.BonusPointsReversed is { } bonus ? $"; -{bonus} bonus points" : "")
        + (answer.StampsReversed is { Count: > 0 } stamps ? $"; stamps taken back: {string.Join(", ", stamps.Select(s => $"{s.Key} -{s.Value}"))}" : "")
        + (answer.CouponsVoided is { Count: > 0 } voided ? $"; coupons voided: {string.Join(", ", voided)}" : "");

    private void Write(string ansi, string tag, string text)
    {
        lock (_lock)
        {
            output.WriteLine(colour && ansi.Length > 0 ? $"{ansi}{tag}{text}\u001b[0m" : $"{tag}{text}");
            output.Flush();
        }
    }
}
