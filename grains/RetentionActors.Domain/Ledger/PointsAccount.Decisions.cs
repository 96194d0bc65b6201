namespace RetentionActors.Domain.Ledger;

// The decisions: each builds the entries a request would append, without changing the account.
public sealed partial class PointsAccount
{
    /// <summary>The purchase entry, then one bonus entry per (reason, points) given on it, then the debt they pay back, if any is owed.</summary>
    public Decision Earn(TillReference till, decimal amount, long points, DateTimeOffset now, IReadOnlyList<(string Reason, long Points)>? bonuses = null)
    {
        var entries = new List<LedgerEntry> { Entry(till, EntryKind.Purchase, LastSeq + 1, points, Balance + points, now) with { Amount = amount } };
        foreach (var (reason, bonus) in bonuses ?? [])
        {
            entries.Add(BonusEntry(EntryKeys.Receipt(till), reason, bonus, entries[^1], till, now));
        }
        if (RecoverDebt(till, entries, now) is { } recovery)
        {
            entries.Add(recovery);
        }
        return Decision.Accept(entries);
    }

    /// <summary>Points given by a mechanic, once per <paramref name="scope"/> and reason.</summary>
    public Decision Bonus(string scope, string reason, long points, DateTimeOffset occurredAt, DateTimeOffset now) =>
        Decision.Accept(BonusEntry(scope, reason, points, null, new TillReference("", "", "", null, occurredAt), now));

    private LedgerEntry BonusEntry(string scope, string reason, long points, LedgerEntry? previous, TillReference till, DateTimeOffset now) => new()
    {
        Seq = (previous?.Seq ?? LastSeq) + 1,
        Kind = EntryKind.Bonus,
        Points = points,
        BalanceAfter = (previous?.BalanceAfter ?? Balance) + points,
        IdempotencyKey = EntryKeys.Bonus(scope, reason),
        StoreId = till.StoreId.Length > 0 ? till.StoreId : null,
        TerminalId = till.TerminalId.Length > 0 ? till.TerminalId : null,
        ReceiptId = till.ReceiptId.Length > 0 ? till.ReceiptId : null,
        BusinessDay = till.StoreId.Length > 0 ? till.Day : null,
        CardId = till.CardId,
        OccurredAt = till.OccurredAt,
        RecordedAt = now,
        Reason = reason,
    };

    /// <summary>Spends points oldest first from the lots that are not pending under <paramref name="timing"/> (all when null).</summary>
    public Decision Redeem(TillReference till, long points, decimal value, DateTimeOffset now, LotTiming? timing = null)
    {
        timing ??= LotTiming.Immediate;
        var available = Spendable(now, timing);
        if (points > available)
        {
            var pending = Balance - available;
            return Decision.Refuse(Refusal.InsufficientPoints, pending > 0
                ? $"{available} points can be spent now ({pending} more are pending); {points} cannot be redeemed."
                : $"The balance is {Balance} points; {points} cannot be redeemed.");
        }
        return Decision.Accept(Entry(till, EntryKind.Redemption, LastSeq + 1, -points, Balance - points, now) with
        {
            Amount = value,
            Draws = PlanDraws(_lots.Where(l => !timing.IsPending(l, now)), points),
        });
    }

    /// <summary>
    /// One expiry entry per lot whose date has come (by the expiry rule in force when it was earned),
    /// oldest first; a lot expires once, since its entry's key names the lot.
    /// </summary>
    public Decision Expire(DateTimeOffset now, LotTiming timing)
    {
        var entries = new List<LedgerEntry>();
        var (seq, balance) = (LastSeq, Balance);
        foreach (var lot in OldLots(timing.NothingExpiresBy(now)))
        {
            if (timing.ExpiresAt(lot) is not { } at || at > now)
            {
                continue;
            }
            balance -= lot.Remaining;
            entries.Add(new LedgerEntry
            {
                Seq = ++seq,
                Kind = EntryKind.Expiry,
                Points = -lot.Remaining,
                BalanceAfter = balance,
                IdempotencyKey = EntryKeys.Expiry(lot.Seq),
                OccurredAt = at,
                RecordedAt = now,
                Draws = [new LotDraw(lot.Seq, lot.Remaining)],
            });
        }
        return Decision.Accept(entries);
    }

    public Decision Adjust(string reference, long points, string reason, string operatorId, DateTimeOffset now, string? approvedBy = null)
    {
        if (points < 0 && -points > Balance)
        {
            return Decision.Refuse(Refusal.InsufficientPoints, $"The balance is {Balance} points; {-points} cannot be taken away.");
        }
        return Decision.Accept(new LedgerEntry
        {
            Seq = LastSeq + 1,
            Kind = EntryKind.Adjustment,
            Points = points,
            BalanceAfter = Balance + points,
            IdempotencyKey = EntryKeys.Adjustment(reference),
            ReceiptId = reference,
            OccurredAt = now,
            RecordedAt = now,
            Reason = reason,
            OperatorId = operatorId,
            ApprovedBy = approvedBy,
            Draws = points < 0 ? PlanDraws(_lots, -points) : [],
        });
    }

    private static LedgerEntry Entry(TillReference till, EntryKind kind, long seq, long points, long balanceAfter, DateTimeOffset now) => new()
    {
        Seq = seq,
        Kind = kind,
        Points = points,
        BalanceAfter = balanceAfter,
        IdempotencyKey = EntryKeys.For(till, kind),
        StoreId = till.StoreId,
        TerminalId = till.TerminalId,
        ReceiptId = till.ReceiptId,
        BusinessDay = till.Day,
        CardId = till.CardId,
        OccurredAt = till.OccurredAt,
        RecordedAt = now,
    };

    // In the order given, until enough; the caller has checked there are enough points.
    private static List<LotDraw> PlanDraws(IEnumerable<Lot> lots, long points)
    {
        var draws = new List<LotDraw>();
        foreach (var lot in lots)
        {
            if (points == 0)
            {
                break;
            }
            var take = Math.Min(lot.Remaining, points);
            draws.Add(new LotDraw(lot.Seq, take));
            points -= take;
        }
        return draws;
    }
}
