using System.Text.Json;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;

namespace RetentionActors.Domain.Tests;

/// <summary>
/// An activation restores a customer's account from a snapshot and the ledger after it (issue 14): that must answer
/// exactly as replaying the whole ledger does, for random histories cut at random points.
/// </summary>
public sealed class AccountSnapshotTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly LotTiming Timing = LotTiming.Fixed(pendingDays: 14, expiryMonths: 6);

    [Fact]
    public void Restoring_a_snapshot_and_its_tail_equals_replaying_the_whole_ledger_for_random_histories()
    {
        for (var seed = 1; seed <= 300; seed++)
        {
            var history = History.Random(seed, operations: 120);
            var random = new Random(seed);
            var cut = random.Next(history.Snapshots.Count);
            var (snapshot, _) = history.Snapshots[cut];
            var tail = history.Ledger.Skip((int)snapshot.LastSeq).ToList();
            var named = PointsAccount.ReceiptsNamed(tail);
            var earlier = history.Ledger.Take((int)snapshot.LastSeq).Where(e => named.Contains(e.ReceiptKey ?? "") || named.Contains(e.RefersTo ?? "")).ToList();

            var restored = PointsAccount.Restore(snapshot, tail, earlier);
            var replayed = PointsAccount.Replay(history.Ledger);

            AssertSame(replayed, restored, history, $"seed {seed}, snapshot at {snapshot.LastSeq} of {history.Ledger.Count}");
        }
    }

    [Fact]
    public void A_return_after_the_snapshot_of_a_sale_the_snapshot_forgot_is_restored_with_that_sale_read_back()
    {
        var (account, ledger) = (new PointsAccount(), new List<LedgerEntry>());
        Apply(account, ledger, account.Earn(Till("R0", 0), 40m, 40, Start));
        for (var i = 1; i <= PointsAccount.ReceiptsHeld + 2; i++)
        {
            Apply(account, ledger, account.Earn(Till($"R{i}", i), 10m, 10, Start));
        }
        var snapshot = account.ToSnapshot();
        var original = new OriginalReceipt("s1", "R0", "t1", DateOnly.FromDateTime(Start.DateTime));
        account.Recall(ledger, original);
        Apply(account, ledger, account.Refund(Till("B1", 30), 20m, original, Start));
        var tail = ledger.Skip((int)snapshot.LastSeq).ToList();

        Assert.Throws<InvalidOperationException>(() => PointsAccount.Restore(snapshot, tail, []));
        var restored = PointsAccount.Restore(snapshot, tail, [ledger[0]]);

        Assert.Equal(Json(PointsAccount.Replay(ledger).ToSnapshot()), Json(restored.ToSnapshot()));
        Assert.False(restored.NeedsRecall(EntryKeys.Receipt(Till("R0", 0))));
        Assert.Equal(ledger[^1].BalanceAfter, restored.Balance);
    }

    [Fact]
    public void Held_purchases_share_the_text_of_their_store_till_and_card_also_when_restored()
    {
        // Each sale's message brings its own copy of the text, as the wire does; a held purchase lives for minutes, so a
        // copy per purchase is memory the old generation holds and then has to collect.
        static string Copy(string text) => new(text.AsSpan());
        var (account, ledger) = (new PointsAccount(), new List<LedgerEntry>());
        for (var i = 1; i <= 3; i++)
        {
            Apply(account, ledger, account.Earn(new TillReference(Copy("s1"), Copy("t1"), $"R{i}", Copy("mag:1"), Start.AddMinutes(i)), 10m, 10, Start));
        }

        var stored = JsonSerializer.Deserialize<AccountSnapshot>(Json(account.ToSnapshot()))!;
        foreach (var held in new[] { account, PointsAccount.Restore(stored, [], []) })
        {
            var purchases = held.ToSnapshot().Receipts.Purchases;
            Assert.Equal(3, purchases.Count);
            Assert.All(purchases, p => Assert.Same(purchases[0].StoreId, p.StoreId));
            Assert.All(purchases, p => Assert.Same(purchases[0].TerminalId, p.TerminalId));
            Assert.All(purchases, p => Assert.Same(purchases[0].CardId, p.CardId));
        }
    }

    [Fact]
    public void A_snapshot_keeps_the_windows_bounded_and_still_answers_inside_them()
    {
        var (account, ledger) = (new PointsAccount(), new List<LedgerEntry>());
        for (var day = 0; day < 1000; day++)
        {
            Apply(account, ledger, account.Earn(Till($"R{day}", day * 24 * 60), 10m, 10, Start));
        }
        var last = Start.AddDays(999);

        var snapshot = account.ToSnapshot();
        var restored = PointsAccount.Restore(snapshot, [], []);

        Assert.InRange(snapshot.EarnedByDay.Count, 1, PointsAccount.DaysKept + 1);
        Assert.InRange(snapshot.Spend.Count, 1, 2 + 31 * PointsAccount.SpendMonthsKept);
        Assert.Equal(account.RollingSpend(last), restored.RollingSpend(last));
        Assert.Equal(account.RollingSpend(last.AddMonths(-11)), restored.RollingSpend(last.AddMonths(-11)));
        Assert.Equal(account.EarnedOn(last), restored.EarnedOn(last));
        Assert.Equal(account.LifetimeSpend, restored.LifetimeSpend);
    }

    private static void AssertSame(PointsAccount expected, PointsAccount actual, History history, string what)
    {
        // The receipts held differ by design (a live account's recalls count as uses, a replay knows none): both are caches
        // of the ledger, so what matters is that each answers the same about every receipt once it is recalled if needed.
        Assert.True(Json(WithoutReceipts(expected.ToSnapshot())) == Json(WithoutReceipts(actual.ToSnapshot())), what);
        foreach (var key in PointsAccount.ReceiptsNamed(history.Ledger))
        {
            Assert.True(ReceiptAnswers(expected, history.Ledger, key) == ReceiptAnswers(actual, history.Ledger, key), $"{what}: {key}");
        }
        var now = history.Now;
        Assert.True(expected.Pending(now, Timing) == actual.Pending(now, Timing), what);
        Assert.True(expected.ExpiringBetween(now, now.AddDays(30), Timing) == actual.ExpiringBetween(now, now.AddDays(30), Timing), what);
        Assert.True(expected.NextExpiry(Timing) == actual.NextExpiry(Timing), what);
        Assert.True(expected.RollingSpend(now) == actual.RollingSpend(now), what);
        Assert.True(expected.EarnedOn(now) == actual.EarnedOn(now), what);
        foreach (var card in History.Cards)
        {
            Assert.True(expected.PurchasesInHour(card, now) == actual.PurchasesInHour(card, now), what);
        }
    }

    private static AccountSnapshot WithoutReceipts(AccountSnapshot snapshot) => snapshot with { Receipts = new ReceiptBookSnapshot([], [], [], [], false) };

    // What an account says about a receipt: the purchase a return would find, and what a repeat is compared with.
    private static string ReceiptAnswers(PointsAccount account, IReadOnlyList<LedgerEntry> ledger, string key)
    {
        if (account.NeedsRecall(key))
        {
            account.Recall(ledger, key);
        }
        var parts = key.Split('/');
        var original = new OriginalReceipt(parts[0], parts[3], parts[1], DateOnly.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        return JsonSerializer.Serialize(new
        {
            Purchase = account.FindPurchase(original).Purchase,
            Redeemed = account.DiffersFromBooked(key, EntryKind.Redemption, -1),
            Refunded = account.DiffersFromBooked(key, EntryKind.Refund, -1),
        });
    }

    private static string Json(AccountSnapshot snapshot) => JsonSerializer.Serialize(snapshot);

    private static TillReference Till(string receipt, int minutes, string? card = "mag:1") => new("s1", "t1", receipt, card, Start.AddMinutes(minutes));

    private static void Apply(PointsAccount account, List<LedgerEntry> ledger, Decision decision)
    {
        Assert.True(decision.IsAccepted, decision.Message);
        foreach (var entry in decision.Entries)
        {
            account.Apply(entry);
            ledger.Add(entry);
        }
    }

    /// <summary>A random customer's life as the grain lives it: decisions applied one operation at a time, receipts recalled before deciding on them.</summary>
    private sealed class History
    {
        public static readonly string[] Cards = ["mag:1", "mag:2"];

        public List<LedgerEntry> Ledger { get; } = [];

        /// <summary>The live account's snapshot after each operation, with the ledger length it covers.</summary>
        public List<(AccountSnapshot Snapshot, long Seq)> Snapshots { get; } = [];

        public DateTimeOffset Now { get; private set; } = Start;

        public static History Random(int seed, int operations)
        {
            var random = new Random(seed);
            var history = new History();
            var account = new PointsAccount();
            var sales = new List<TillReference>();
            history.Snapshots.Add((account.ToSnapshot(), 0));
            for (var i = 0; i < operations; i++)
            {
                // Mostly forward in time, sometimes a sale delivered late.
                history.Now = history.Now.AddMinutes(random.Next(10) == 0 ? -random.Next(3000) : random.Next(1, 20000));
                var decision = history.Decide(random, account, sales, i);
                if (decision is { IsAccepted: true } accepted)
                {
                    foreach (var entry in accepted.Entries)
                    {
                        account.Apply(entry);
                        history.Ledger.Add(entry);
                    }
                    history.Snapshots.Add((account.ToSnapshot(), account.LastSeq));
                }
            }
            return history;
        }

        private Decision? Decide(Random random, PointsAccount account, List<TillReference> sales, int i)
        {
            var now = Now;
            var till = new TillReference("s1", $"t{random.Next(2)}", $"R{i}", Cards[random.Next(Cards.Length)], now);
            switch (random.Next(20))
            {
                case < 9:
                    sales.Add(till);
                    var amount = random.Next(1, 200);
                    IReadOnlyList<(string, long)> bonuses = random.Next(4) == 0 ? [(CampaignBonusReason.For("c1"), random.Next(1, 30))] : [];
                    return account.Earn(till, amount, amount, now, bonuses);
                case < 12 when sales.Count > 0:
                    // A redemption on an earlier sale's receipt (a checkout) or on a receipt of its own.
                    var on = random.Next(2) == 0 ? sales[random.Next(sales.Count)] with { OccurredAt = now } : till;
                    Recall(account, EntryKeys.Receipt(on));
                    return account.Redeem(on, random.Next(1, 50), 1m, now, Timing);
                case < 15 when sales.Count > 0:
                    var sale = sales[random.Next(sales.Count)];
                    var original = new OriginalReceipt(sale.StoreId, sale.ReceiptId, sale.TerminalId, sale.Day);
                    Recall(account, EntryKeys.Receipt(sale));
                    if (account.FindPurchase(original).Purchase is not { } purchase || purchase.Refunded >= purchase.Amount)
                    {
                        return null;
                    }
                    return account.Refund(till, random.Next(1, (int)(purchase.Amount - purchase.Refunded) + 1), original, now);
                case 15:
                    return account.Expire(now, Timing);
                case 16:
                    return account.Adjust($"a{i}", random.Next(-20, 40), "goodwill", "op1", now);
                case 17:
                    return account.RedeemOffline(till, random.Next(1, 40), allowance: 60, 1m, now, Timing);
                default:
                    return account.Bonus($"scope{i}", "birthday", random.Next(1, 20), now, now);
            }
        }

        private void Recall(PointsAccount account, string receipt)
        {
            if (account.NeedsRecall(receipt))
            {
                account.Recall(Ledger, receipt);
            }
        }
    }
}
