namespace RetentionActors.Domain.Ledger;

/// <summary>
/// What an account knows per receipt: the purchases returns refer to, what each receipt redeemed, what each return
/// receipt refunded. It holds the <see cref="PointsAccount.ReceiptsHeld"/> most recently used receipts; the others are
/// forgotten and recalled from the ledger (<see cref="PointsAccount.Recall"/>) when a return or a repeated receipt names
/// one. Without that bound a customer's activation grew by about 1 KiB per purchase for as long as it lived (issue 22).
/// </summary>
internal sealed class ReceiptBook
{
    private readonly Dictionary<string, PurchaseRecord> _purchases = [];
    private readonly Dictionary<string, long> _redeemed = [];
    private readonly Dictionary<string, decimal> _refundedByReturn = [];
    // Receipts in the order they were last used (a receipt used again is queued again), and how often each is queued:
    // the least recently used goes first, so a purchase a return is working on is not forgotten halfway.
    private readonly Queue<string> _order = new();
    private readonly Dictionary<string, int> _held = [];
    // The purchase added last: the next one usually has the same store, till and card, and shares their text with it.
    private PurchaseRecord? _newest;

    /// <summary>Whether any receipt was forgotten: until then, what the book does not hold is not on the ledger.</summary>
    public bool HasForgotten { get; private set; }

    public bool Holds(string receiptKey) => _held.ContainsKey(receiptKey);

    public PurchaseRecord? Purchase(string receiptKey) => _purchases.GetValueOrDefault(receiptKey);

    /// <summary>
    /// The purchases held with this store and receipt number, oldest first. A look through the few held, not an index: an
    /// index by store and receipt cost every purchase a list and a key of its own for as long as it was held.
    /// </summary>
    public IEnumerable<PurchaseRecord> PurchasesOf(string storeId, string receiptId) =>
        _purchases.Values.Where(p => p.ReceiptId == receiptId && p.StoreId == storeId).OrderBy(p => p.Seq);

    public long? Redeemed(string receiptKey) => _redeemed.TryGetValue(receiptKey, out var points) ? points : null;

    public decimal? RefundedBy(string returnReceiptKey) => _refundedByReturn.TryGetValue(returnReceiptKey, out var amount) ? amount : null;

    /// <summary>
    /// Records what <paramref name="entry"/> says about the receipts it concerns, as far as <paramref name="recorded"/>
    /// accepts them (every receipt, when the entry is new; the recalled ones, when old entries are read again).
    /// </summary>
    public void Record(LedgerEntry entry, Func<string, bool> recorded)
    {
        switch (entry.Kind)
        {
            case EntryKind.Purchase when recorded(entry.ReceiptKey!):
                AddPurchase(entry);
                break;
            case EntryKind.Redemption when recorded(entry.ReceiptKey!):
                Hold(entry.ReceiptKey!);
                _redeemed[entry.ReceiptKey!] = _redeemed.GetValueOrDefault(entry.ReceiptKey!) - entry.Points;
                break;
            case EntryKind.OfflineRedemption when recorded(entry.ReceiptKey!):
                // What the balance covered and what was left owed: a return gives the share of both back.
                Hold(entry.ReceiptKey!);
                _redeemed[entry.ReceiptKey!] = _redeemed.GetValueOrDefault(entry.ReceiptKey!) - entry.Points + entry.Debt;
                break;
            case EntryKind.Refund:
                if (recorded(entry.RefersTo!))
                {
                    Update(entry.RefersTo!, p => p with { Refunded = p.Refunded + entry.Amount });
                }
                if (entry.ReceiptKey is { } returnReceipt && recorded(returnReceipt))
                {
                    Hold(returnReceipt);
                    _refundedByReturn[returnReceipt] = _refundedByReturn.GetValueOrDefault(returnReceipt) + entry.Amount;
                }
                break;
            case EntryKind.RedemptionReturn when recorded(entry.RefersTo!):
                Update(entry.RefersTo!, p => p with { RedemptionReturned = p.RedemptionReturned + entry.Points });
                break;
            case EntryKind.Bonus when Mechanics.CampaignBonusReason.CampaignOf(entry.Reason) is not null
                                     && entry.ReceiptKey is { } rewarded && recorded(rewarded) && _purchases.ContainsKey(rewarded):
                Update(rewarded, p => p with { CampaignBonuses = [.. p.CampaignBonuses, new EarnedBonus(entry.Reason!, entry.Points, entry.Seq)] });
                break;
        }
    }

    /// <summary>Forgets the least recently used receipts beyond <paramref name="held"/>.</summary>
    public void ForgetBeyond(int held)
    {
        while (_held.Count > held)
        {
            var key = _order.Dequeue();
            if (--_held[key] > 0)
            {
                continue;
            }
            _held.Remove(key);
            _redeemed.Remove(key);
            _refundedByReturn.Remove(key);
            _purchases.Remove(key);
            HasForgotten = true;
        }
    }

    /// <summary>Gives back the room a replay of a long ledger took (collections keep their largest size otherwise).</summary>
    public void TrimExcess()
    {
        _purchases.TrimExcess();
        _redeemed.TrimExcess();
        _refundedByReturn.TrimExcess();
        _order.TrimExcess();
        _held.TrimExcess();
    }

    /// <summary>What the book holds, with the receipts in the order they were last used (oldest first), each once.</summary>
    public ReceiptBookSnapshot ToSnapshot()
    {
        var lastUse = new Dictionary<string, int>();
        var position = 0;
        foreach (var key in _order)
        {
            lastUse[key] = position++;
        }
        return new ReceiptBookSnapshot(
            [.. _purchases.Values.OrderBy(p => p.Seq)],
            [.. _redeemed.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new ReceiptPoints(r.Key, r.Value))],
            [.. _refundedByReturn.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new ReceiptAmount(r.Key, r.Value))],
            [.. lastUse.OrderBy(u => u.Value).Select(u => u.Key)],
            HasForgotten);
    }

    /// <summary>A book holding what <paramref name="snapshot"/> says, each receipt used once, in the snapshot's order.</summary>
    public static ReceiptBook FromSnapshot(ReceiptBookSnapshot snapshot)
    {
        var book = new ReceiptBook { HasForgotten = snapshot.HasForgotten };
        // The snapshot names a receipt in several places, each read as text of its own: the book holds one of each.
        var keys = new HashSet<string>();
        string Key(string key)
        {
            if (!keys.TryGetValue(key, out var held))
            {
                keys.Add(held = key);
            }
            return held;
        }
        foreach (var stored in snapshot.Purchases.OrderBy(p => p.Seq))
        {
            var purchase = book.Sharing(stored);
            book._purchases[Key(purchase.ReceiptKey)] = purchase;
            book._newest = purchase;
        }
        foreach (var redeemed in snapshot.Redeemed)
        {
            book._redeemed[Key(redeemed.ReceiptKey)] = redeemed.Points;
        }
        foreach (var refunded in snapshot.RefundedByReturn)
        {
            book._refundedByReturn[Key(refunded.ReceiptKey)] = refunded.Amount;
        }
        foreach (var key in snapshot.Order)
        {
            book.Hold(Key(key));
        }
        return book;
    }

    private void AddPurchase(LedgerEntry entry)
    {
        var purchase = Sharing(new PurchaseRecord(entry.Seq, entry.OccurredAt, entry.Amount, entry.Points, 0m, 0, entry.CardId)
        {
            StoreId = entry.StoreId!,
            TerminalId = entry.TerminalId!,
            BusinessDay = entry.BusinessDay ?? DateOnly.FromDateTime(entry.OccurredAt.DateTime),
            ReceiptId = entry.ReceiptId!,
        });
        var key = purchase.ReceiptKey;
        Hold(key);
        _purchases[key] = purchase;
        _newest = purchase;
    }

    // A purchase is held for minutes, so past the young generations: the store, till and card text the newest purchase
    // already has (the same, nearly always) is not held again.
    private PurchaseRecord Sharing(PurchaseRecord purchase) =>
        _newest is not { } newest ? purchase : purchase with
            {
                StoreId = SameAs(purchase.StoreId, newest.StoreId)!,
                TerminalId = SameAs(purchase.TerminalId, newest.TerminalId)!,
                CardId = SameAs(purchase.CardId, newest.CardId),
            };

    private static string? SameAs(string? text, string? held) => text == held ? held : text;

    private void Update(string receiptKey, Func<PurchaseRecord, PurchaseRecord> change)
    {
        if (!_purchases.TryGetValue(receiptKey, out var purchase))
        {
            throw new InvalidOperationException($"Purchase {receiptKey} is not held in memory: recall it before deciding on it.");
        }
        _purchases[receiptKey] = change(purchase);
        Hold(receiptKey);
    }

    private void Hold(string receiptKey)
    {
        _held[receiptKey] = _held.GetValueOrDefault(receiptKey) + 1;
        _order.Enqueue(receiptKey);
    }
}
