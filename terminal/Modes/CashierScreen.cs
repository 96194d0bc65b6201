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
        switch (answer)
        {
            case KnownCardAnswer a:
                Good($"{a.Customer.Name} — balance {a.Holds.Balance} points, {a.Customer.Visits} visits ({a.CardId}){Standing(a)}");
                break;
            case UnknownCardAnswer a:
                Bad($"{a.CardId}: not a customer card ({a.Message ?? a.Status}) — enroll it with 'e'");
                break;
            case AccruedAnswer a:
                Good($"+{a.PointsEarned} points on {a.ReceiptId}, new balance {a.Balance}{(a.Replayed ? " (already booked earlier)" : "")}{Unlocked(a)}");
                break;
            case QueuedAnswer a:
                Bad($"QUEUED {a.ReceiptId}: {a.Message}; points are booked then");
                break;
            case OfflineRedeemedAnswer a:
                Good($"OFFLINE REDEMPTION -{a.PointsRedeemed} points ({a.Message})");
                break;
            case RedeemedAnswer a:
                Good($"-{a.PointsRedeemed} points = {a.Value:0.00} off, new balance {a.Balance}");
                break;
            case RefundedAnswer a:
                Good($"refund {a.ReceiptId}: -{a.PointsReversed} points, +{a.PointsReturned} returned, new balance {a.Balance}{TakenBack(a)}");
                break;
            case EnrolledAnswer a:
                Good($"enrolled {a.Customer.Name} ({a.Customer.CustomerId}) on {a.CardId}, balance {a.Holds.Balance}");
                break;
            case BalanceAnswer a:
                Good($"{a.Customer.Name}: balance {a.Holds.Balance} points");
                break;
            case FeedbackAnswer a:
                Good($"recommendation {a.Score}/10 stored ({a.Reference})");
                break;
            case CouponUsedAnswer a:
                Good($"coupon {a.Coupon} used on {a.ReceiptId}: {a.Value:0.00} off");
                break;
            case RewardClaimedAnswer a:
                Good($"-{a.PointsRedeemed} points for {a.Coupon}, new balance {a.Balance}");
                break;
            case ReplayedAnswer a:
                (a.Accepted ? (Action<string>)Good : Bad)($"queued {ReceiptOf(a.Sent)} sent: {Sent(a.Sent)}");
                break;
            case ReaderAnswer a:
                (a.Ready ? (Action<string>)Good : Bad)($"reader {(a.Ready ? "ready" : "lost")} ({a.Message})");
                break;
            case SiloAnswer a:
                (a.Connected ? (Action<string>)Good : Bad)(a.Connected ? "silo connected" : "silo unreachable — purchases are queued");
                break;
            case DeadLettersAnswer { Count: 0 }:
                Good("no dead letters at this till");
                break;
            case DeadLettersAnswer a:
                DeadLetters(a.Count);
                foreach (var letter in a.Letters ?? [])
                {
                    Info($"  {letter.BusinessDay} receipt {letter.ReceiptId}, card {letter.CardId}, {letter.Amount:0.00}: {letter.Reason} — {letter.Message} (since {letter.Since:yyyy-MM-dd HH:mm})");
                }
                break;
            case DeclinedAnswer a:
                Bad($"declined ({a.Reason}): {a.Message}");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(answer), answer.GetType().Name, "An answer kind the screen does not know.");
        }
        if (answer is PurchaseAnswer { DeadLetters: > 0 and var kept })
        {
            DeadLetters(kept);
        }
    }

    private static string Standing(KnownCardAnswer answer) =>
        (answer.Customer.Tier is { } tier ? $"; tier {tier}" : "")
        + (answer.Holds.Coupons is { Count: > 0 } coupons ? $"; coupons {string.Join(", ", coupons)}" : "")
        + (answer.Offers is { Count: > 0 } offers ? $"; offers: {string.Join(", ", offers)}" : "");

    private static string Unlocked(AccruedAnswer answer) =>
        (answer.Unlocked is { Count: > 0 } unlocked ? $"; unlocked: {string.Join(", ", unlocked)}" : "")
        + (answer.Discount is { } discount ? $"; discount {discount.Percent}% = {discount.Amount}" : "")
        + (answer.BonusPoints > 0 ? $"; +{answer.BonusPoints} bonus ({string.Join(", ", answer.Campaigns)})" : "")
        + (answer.Tier is { } tier ? $"; tier {tier}" : "");

    private static string TakenBack(RefundedAnswer answer) =>
        (answer.BonusPointsReversed > 0 ? $"; -{answer.BonusPointsReversed} bonus points" : "")
        + (answer.StampsReversed is { Count: > 0 } stamps ? $"; stamps taken back: {string.Join(", ", stamps.Select(s => $"{s.Key} -{s.Value}"))}" : "")
        + (answer.CouponsVoided is { Count: > 0 } voided ? $"; coupons voided: {string.Join(", ", voided)}" : "");

    // What a background send booked: a sale's points, an offline redemption's, or why the silo refused it.
    private static string Sent(DeskAnswer sent) => sent switch
    {
        AccruedAnswer a => $"+{a.PointsEarned} points, balance {a.Balance}",
        RedeemedAnswer a => $"-{a.PointsRedeemed} points, balance {a.Balance}",
        DeclinedAnswer a => $"{a.Message}",
        _ => throw new ArgumentOutOfRangeException(nameof(sent), sent.GetType().Name, "Only sales and offline redemptions are sent in the background."),
    };

    private static string? ReceiptOf(DeskAnswer sent) => sent switch
    {
        AccruedAnswer a => a.ReceiptId,
        RedeemedAnswer a => a.ReceiptId,
        DeclinedAnswer a => a.ReceiptId,
        _ => null,
    };

    private void Write(string ansi, string tag, string text)
    {
        lock (_lock)
        {
            output.WriteLine(colour && ansi.Length > 0 ? $"{ansi}{tag}{text}\u001b[0m" : $"{tag}{text}");
            output.Flush();
        }
    }
}
