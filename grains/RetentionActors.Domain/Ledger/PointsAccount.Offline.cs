namespace RetentionActors.Domain.Ledger;

// Offline redemptions and the debt they leave: a till that could not reach the cluster let the customer redeem under a
// signed allowance; the redemption is booked once it arrives, whatever the balance is by then.
public sealed partial class PointsAccount
{
    // Points redeemed offline per store + till + card + business day: what an allowance has covered so far.
    private readonly Dictionary<string, long> _offlineRedeemed = [];

    private static string OfflineTill(string storeId, string terminalId, string cardId, DateOnly day) => $"{storeId}/{terminalId}/{cardId}/{EntryKeys.Day(day)}";

    /// <summary>Points redeemed offline with <paramref name="cardId"/> at one till on one business day.</summary>
    public long RedeemedOffline(string storeId, string terminalId, string cardId, DateOnly day) =>
        _offlineRedeemed.GetValueOrDefault(OfflineTill(storeId, terminalId, cardId, day));

    /// <summary>
    /// The points an offline allowance may lend: up to the program's <paramref name="dailyLimit"/>, of what can be spent
    /// now less what is owed, since a debt is paid back before anything else is spent; 0 or less: no allowance.
    /// </summary>
    public long OfflineAllowance(long dailyLimit, DateTimeOffset now, LotTiming timing) => Math.Min(dailyLimit, Spendable(now, timing) - Debt);

    /// <summary>
    /// Books a redemption made offline: within <paramref name="allowance"/> points for the card at that till that day, it is
    /// accepted whatever the balance; the spendable points (oldest first) cover what they can, and the rest becomes debt.
    /// So the debt of one redemption is never more than the allowance it was made under.
    /// </summary>
    public Decision RedeemOffline(TillReference till, long points, long allowance, decimal value, DateTimeOffset now, LotTiming? timing = null)
    {
        timing ??= LotTiming.Immediate;
        var used = RedeemedOffline(till.StoreId, till.TerminalId, till.CardId ?? "", till.Day);
        if (points <= 0 || used + points > allowance)
        {
            return Decision.Refuse(Refusal.AboveOfflineAllowance,
                $"{points} points would pass the offline allowance of {allowance} points ({used} already redeemed offline that day at that till).");
        }
        var covered = Math.Min(points, Spendable(now, timing));
        return Decision.Accept(Entry(till, EntryKind.OfflineRedemption, LastSeq + 1, -covered, Balance - covered, now) with
        {
            Amount = value,
            Debt = points - covered,
            Draws = PlanDraws(_lots.Where(l => !timing.IsPending(l, now)), covered),
        });
    }

    /// <summary>
    /// After <paramref name="earned"/> (a purchase and its bonuses), an entry paying back debt from the points they added,
    /// before those points can be spent; none when nothing is owed or nothing was earned.
    /// </summary>
    private LedgerEntry? RecoverDebt(TillReference till, IReadOnlyList<LedgerEntry> earned, DateTimeOffset now) =>
        RecoverDebt(till, [.. earned.Where(e => e.Points > 0).Select(e => new Lot(e.Seq, e.OccurredAt, e.Points, e.Points))], earned[^1], now);

    /// <summary>
    /// The entry after <paramref name="previous"/> paying back debt from the points left in <paramref name="from"/>, up to
    /// what is owed; none when nothing is owed or nothing is left.
    /// </summary>
    private LedgerEntry? RecoverDebt(TillReference till, IReadOnlyList<Lot> from, LedgerEntry previous, DateTimeOffset now)
    {
        var recovered = Math.Min(Debt, from.Sum(l => l.Remaining));
        if (recovered <= 0)
        {
            return null;
        }
        return Entry(till, EntryKind.DebtRecovery, previous.Seq + 1, -recovered, previous.BalanceAfter - recovered, now) with
        {
            Debt = -recovered,
            Draws = PlanDraws(from, recovered),
        };
    }
}
