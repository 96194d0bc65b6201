namespace RetentionActors.Domain.Ledger;

// Returns: finding the purchase a return names, and taking back everything that purchase earned.
public sealed partial class PointsAccount
{
    /// <summary>
    /// The purchase a return names. With till and business day it is the receipt itself; with store and
    /// receipt only (old tills, history imports) it is the one purchase that matches, and a refusal when
    /// none or several do.
    /// </summary>
    public (PurchaseRecord? Purchase, Refusal Refusal, string Message) FindPurchase(OriginalReceipt original)
    {
        var matches = _receipts.PurchasesOf(original.StoreId, original.ReceiptId).Where(original.Matches).ToList();
        return matches switch
        {
            [var only] => (only, Refusal.None, ""),
            [] => (null, Refusal.UnknownReceipt, $"No purchase with {original} is on this customer's ledger."),
            _ => (null, Refusal.AmbiguousReceipt,
                $"{matches.Count} purchases with {original} are on this customer's ledger "
                + $"({string.Join(", ", matches.Select(m => $"till {m.TerminalId} on {EntryKeys.Day(m.BusinessDay)}"))}); "
                + "give the till and business day printed on the receipt."),
        };
    }

    /// <summary>
    /// A return of <paramref name="amount"/> from an earlier purchase: gives back the same share of the points redeemed on
    /// its receipt (online, or offline with what was left owed), then takes back the same share of the points it earned
    /// and of each campaign bonus it earned — each first from its own lot, then oldest first, never below zero — and what
    /// is left of the points given back pays a debt.
    /// </summary>
    public Decision Refund(TillReference till, decimal amount, OriginalReceipt original, DateTimeOffset now)
    {
        var (purchase, refusal, message) = FindPurchase(original);
        if (purchase is null)
        {
            return Decision.Refuse(refusal, message);
        }
        var receipt = purchase.ReceiptKey;
        if (purchase.Refunded + amount > purchase.Amount)
        {
            return Decision.Refuse(Refusal.RefundExceedsPurchase,
                $"Purchase {receipt} was {purchase.Amount}, {purchase.Refunded} of it already refunded; {amount} more is too much.");
        }

        var entries = new List<LedgerEntry>();
        var lots = new List<Lot>(_lots);
        var balance = Balance;
        var seq = LastSeq;

        var redeemed = _receipts.Redeemed(receipt) ?? 0;
        var giveBack = purchase.ShareOf(redeemed, purchase.Refunded + amount) - purchase.RedemptionReturned;
        LedgerEntry? returned = null;
        if (giveBack > 0)
        {
            balance += giveBack;
            returned = Entry(till, EntryKind.RedemptionReturn, ++seq, giveBack, balance, now) with { RefersTo = receipt };
            entries.Add(returned);
            InsertLot(lots, new Lot(returned.Seq, returned.OccurredAt, giveBack, giveBack));
        }

        var owed = purchase.ShareOfRefund(purchase.PointsEarned, amount);
        var takeBack = Math.Min(owed, balance);
        balance -= takeBack;
        var refund = Entry(till, EntryKind.Refund, ++seq, -takeBack, balance, now) with
        {
            Amount = amount,
            RefersTo = receipt,
            Draws = PlanDraws(OwnLotFirst(lots, purchase.Seq), takeBack),
        };
        entries.Add(refund);
        TakeDraws(lots, refund.Draws);
        var shortfall = owed - takeBack;

        foreach (var bonus in purchase.CampaignBonuses)
        {
            var bonusOwed = purchase.ShareOfRefund(bonus.Points, amount);
            var bonusTaken = Math.Min(bonusOwed, balance);
            shortfall += bonusOwed - bonusTaken;
            if (bonusTaken == 0)
            {
                continue;
            }
            balance -= bonusTaken;
            var reversal = Entry(till, EntryKind.BonusReversal, ++seq, -bonusTaken, balance, now) with
            {
                IdempotencyKey = EntryKeys.BonusReversal(till, bonus.Reason),
                RefersTo = receipt,
                Reason = bonus.Reason,
                Draws = PlanDraws(OwnLotFirst(lots, bonus.Seq), bonusTaken),
            };
            entries.Add(reversal);
            TakeDraws(lots, reversal.Draws);
        }
        // What the take-backs left of the points given back pays a debt, as a purchase's points do: an offline redemption
        // on credit gave back what it left owed too. After the take-backs, so points the return must take back are not
        // spent on a debt first (which would leave them written off as shortfall while the debt could still be collected).
        if (returned is not null && RecoverDebt(till, lots.FindAll(l => l.Seq == returned.Seq), entries[^1], now) is { } recovery)
        {
            entries.Add(recovery);
        }
        return Decision.Accept(entries) with { Shortfall = shortfall, Purchase = purchase };
    }

    private static IEnumerable<Lot> OwnLotFirst(List<Lot> lots, long seq) => lots.Where(l => l.Seq == seq).Concat(lots.Where(l => l.Seq != seq));

    // What the next decision in the same request sees of the lots an entry drew on.
    private static void TakeDraws(List<Lot> lots, IReadOnlyList<LotDraw> draws)
    {
        foreach (var draw in draws)
        {
            var index = lots.FindIndex(l => l.Seq == draw.LotSeq);
            lots[index] = lots[index] with { Remaining = lots[index].Remaining - draw.Points };
        }
        lots.RemoveAll(l => l.Remaining == 0);
    }
}
