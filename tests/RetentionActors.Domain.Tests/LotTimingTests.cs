using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Tiers;

namespace RetentionActors.Domain.Tests;

/// <summary>Pending and expiry look only at the lots a rule can touch; these pin that they still see every one of them.</summary>
public sealed class LotTimingTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Expiry_follows_the_rule_each_lot_was_earned_under_also_at_a_months_end()
    {
        // Never expiring until March, then one month, then twelve.
        var history = History((Jan, Rules(expiryMonths: 0)), (Jan.AddMonths(2), Rules(expiryMonths: 1)), (Jan.AddMonths(3).AddDays(10), Rules(expiryMonths: 12)));
        var account = new PointsAccount();
        var endOfMarch = new DateTimeOffset(2026, 3, 31, 18, 0, 0, TimeSpan.Zero);
        Earn(account, ("never", Jan.AddDays(5), 10), ("month", endOfMarch, 20), ("year", Jan.AddMonths(4), 40));

        // 31 March + 1 month = 30 April: the lot is due although 30 April is less than a whole month before 31 May.
        var due = account.Expire(new DateTimeOffset(2026, 4, 30, 19, 0, 0, TimeSpan.Zero), history.Timing);

        Assert.Equal([("expiry/2", -20L)], due.Entries.Select(e => (e.IdempotencyKey, e.Points)));
        Assert.Equal(20, account.ExpiringBetween(new(2026, 4, 20, 0, 0, 0, TimeSpan.Zero), new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), history.Timing));
        Assert.Equal(40, account.ExpiringBetween(Jan.AddMonths(15), Jan.AddMonths(17), history.Timing));
        Assert.Empty(account.Expire(Jan.AddYears(9), LotTiming.Immediate).Entries);
    }

    [Fact]
    public void Next_expiry_is_the_soonest_lot_also_when_a_younger_lot_was_earned_under_a_shorter_rule()
    {
        // Twelve months, then one: the April lot expires in May, before the January lot does.
        var history = History((Jan, Rules(expiryMonths: 12)), (Jan.AddMonths(3), Rules(expiryMonths: 1)));
        var account = new PointsAccount();
        Earn(account, ("year", Jan, 10), ("month", Jan.AddMonths(4), 20));

        Assert.Equal(Jan.AddMonths(5), account.NextExpiry(history.Timing));
        Assert.Empty(account.Expire(Jan.AddMonths(5).AddTicks(-1), history.Timing).Entries); // nothing is due before it
        Assert.Null(account.NextExpiry(LotTiming.Immediate));
        Assert.Null(new PointsAccount().NextExpiry(history.Timing));
    }

    [Fact]
    public void Only_purchases_inside_the_return_window_of_their_time_are_pending()
    {
        var history = History((Jan, Rules(pendingDays: 14)), (Jan.AddDays(20), Rules(pendingDays: 0)), (Jan.AddDays(30), Rules(pendingDays: 3)));
        var account = new PointsAccount();
        Earn(account, ("a", Jan.AddDays(1), 10), ("b", Jan.AddDays(19), 20), ("c", Jan.AddDays(25), 40), ("d", Jan.AddDays(31), 80));
        var now = Jan.AddDays(32);

        // b (14 days from day 19) and d (3 days from day 31) wait; a is past its window, c was earned without one.
        Assert.Equal(100, account.Pending(now, history.Timing));
        Assert.Equal(50, account.Spendable(now, history.Timing));
        var refused = account.Redeem(new TillReference("s", "t", "r", null, now), 51, 0.51m, now, history.Timing);
        Assert.False(refused.IsAccepted);
        var spent = account.Redeem(new TillReference("s", "t", "r", null, now), 50, 0.5m, now, history.Timing);
        Assert.Equal([(1L, 10L), (3L, 40L)], spent.Entries.Single().Draws.Select(d => (d.LotSeq, d.Points)));
    }

    [Fact]
    public void Rolling_spend_matches_a_full_count_with_late_sales_and_refunds()
    {
        var random = new Random(7);
        var account = new PointsAccount();
        var ledger = new List<LedgerEntry>();
        var sales = new List<(string Receipt, DateTimeOffset At, decimal Amount)>();
        for (var i = 0; i < 300; i++)
        {
            // Mostly in time order, sometimes a till delivers a sale from weeks ago, sometimes a refund.
            var at = Jan.AddDays(i * 2 - (random.Next(10) == 0 ? random.Next(60) : 0));
            if (sales.Count > 0 && random.Next(6) == 0)
            {
                var (receipt, soldAt, amount) = sales[random.Next(sales.Count)];
                var original = new OriginalReceipt("s", receipt);
                if (account.NeedsRecall(original))
                {
                    account.Recall(ledger, original); // most sales are older than the receipts an account holds
                }
                var refund = account.Refund(new TillReference("s", "t", $"back-{i}", null, at), Math.Round(amount / 4, 2), original, at);
                Assert.True(refund.IsAccepted, refund.Message);
                Book(refund);
                var index = sales.FindIndex(s => s.Receipt == receipt);
                sales[index] = (receipt, soldAt, amount - Math.Round(amount / 4, 2));
                continue;
            }
            var sale = ($"sale-{i}", at, (decimal)random.Next(100, 10_000) / 100);
            Book(account.Earn(new TillReference("s", "t", sale.Item1, null, at), sale.Item3, 1, at));
            sales.Add(sale);
        }

        for (var day = 0; day < 700; day += 7)
        {
            var at = Jan.AddDays(day);
            var expected = sales.Where(s => s.At <= at && s.At > at.AddMonths(-12)).Sum(s => s.Amount);
            Assert.Equal(expected, account.RollingSpend(at));
        }

        void Book(Decision decision)
        {
            foreach (var entry in decision.Entries)
            {
                account.Apply(entry);
                ledger.Add(entry);
            }
        }
    }

    private static void Earn(PointsAccount account, params (string Receipt, DateTimeOffset At, long Points)[] sales)
    {
        foreach (var (receipt, at, points) in sales)
        {
            account.Earn(new TillReference("s", "t", receipt, null, at), points * 10m, points, at).Entries.ToList().ForEach(account.Apply);
        }
    }

    private static ProgramRules Rules(int expiryMonths = 0, int pendingDays = 0) =>
        ProgramRules.Create("EUR", 1m, new Dictionary<string, decimal>(), 0m, 0.01m, 10_000m)
            .With([], tierReviewMonths: 12, discountPercent: 0m, pointsExpiryMonths: expiryMonths)
            .With(Mechanics.Mechanics.None with { PendingDays = pendingDays });

    private static ProgramHistory History(params (DateTimeOffset From, ProgramRules Rules)[] versions) => new(versions);
}
