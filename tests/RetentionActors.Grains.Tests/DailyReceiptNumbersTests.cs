using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Tests.Fixtures;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>Most tills number receipts per till and start again at 1 every day: the same numbers come back daily.</summary>
public abstract class DailyReceiptNumbersTests(ClusterFixture fixture)
{
    private const int ReceiptsPerTillAndDay = 8;
    private static readonly string[] Tills = ["till-1", "till-2"];
    private readonly Shop _shop = new(fixture.Client);

    // A store of the test's own: its tills' receipt numbers repeat every day, and a receipt earns for one customer only.
    private readonly string _store = NewId("store");

    private Purchase Sale(int day, string till, int receipt) =>
        new(_store, till, receipt.ToString(System.Globalization.CultureInfo.InvariantCulture), Today.AddDays(day - 2).AddMinutes(receipt), receipt + 0.5m);

    [Fact]
    public async Task Three_days_of_two_tills_restarting_at_receipt_1_earn_once_each_and_retries_are_replays()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        var sales = (from day in Enumerable.Range(0, 3) from till in Tills from receipt in Enumerable.Range(1, ReceiptsPerTillAndDay) select Sale(day, till, receipt)).ToList();

        var first = new List<AccrualResult>();
        var retries = new List<AccrualResult>();
        foreach (var day in sales.GroupBy(s => s.Day))
        {
            // Both tills of a day at once, each sale and its retry (a till that did not hear the answer).
            first.AddRange(await Task.WhenAll(day.Select(card.EarnAsync)));
            retries.AddRange(await Task.WhenAll(day.Select(card.EarnAsync)));
        }
        var ledger = await ReadAllAsync(customer);

        Assert.All(first, a => Assert.True(a.IsAccepted && !a.Replayed, a.Declined?.Message));
        Assert.All(retries, a => Assert.True(a.Replayed));
        Assert.Equal(first.Select(a => a with { Replayed = true }), retries);
        var purchases = ledger.Where(e => e.Kind == LedgerEntryKind.Purchase).ToList();
        Assert.Equal(Tills.Length * ReceiptsPerTillAndDay * 3, purchases.Count);
        Assert.Equal(purchases.Count, ledger.Count);
        Assert.Equal(purchases.Count, purchases.Select(e => e.IdempotencyKey).Distinct().Count());
        Assert.Equal(sales.Select(s => (s.TerminalId, s.Day, s.ReceiptId)).Order(), purchases.Select(e => (e.TerminalId!, e.BusinessDay!.Value, e.ReceiptId!)).Order());
        Assert.Equal(sales.Sum(s => (long)s.Amount), (await customer.GetAsync())!.Balance);
    }

    [Fact]
    public async Task A_return_of_receipt_1_needs_its_till_and_day_when_several_days_have_one()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        foreach (var day in Enumerable.Range(0, 3))
        {
            Assert.True((await card.EarnAsync(Sale(day, "till-1", 1))).IsAccepted);
        }
        var before = await ReadAllAsync(customer);

        var ambiguous = await card.RefundAsync(Refund("BACK-1", 1m, "1") with { StoreId = _store, OriginalStoreId = _store });
        var afterAmbiguous = await ReadAllAsync(customer);
        var named = await card.RefundAsync(Refund("BACK-1", 1m, "1") with { StoreId = _store, OriginalStoreId = _store, OriginalTerminalId = "till-1", OriginalBusinessDay = Sale(1, "till-1", 1).Day });

        Assert.Equal(DeclineReason.AmbiguousReceipt, ambiguous.Declined?.Reason);
        Assert.Contains("give the till and business day", ambiguous.Declined!.Message, StringComparison.Ordinal);
        Assert.Equal(before, afterAmbiguous);
        Assert.True(named.IsAccepted, named.Declined?.Message);
        var refund = (await ReadAllAsync(customer)).Single(e => e.Kind == LedgerEntryKind.Refund);
        Assert.Equal($"{_store}/till-1/{TillDay.Text(Sale(1, "till-1", 1).Day)}/1", refund.RefersTo);
    }

    private static async Task<List<LedgerEntry>> ReadAllAsync(Contracts.Customers.ICustomerGrain customer)
    {
        var all = new List<LedgerEntry>();
        while (await customer.GetLedgerAsync(all.Count, 1000) is { Count: > 0 } page)
        {
            all.AddRange(page);
        }
        return all;
    }
}

[Collection(SqliteCluster.Name)]
public sealed class DailyReceiptNumbersOnSqlite(SqliteClusterFixture fixture) : DailyReceiptNumbersTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class DailyReceiptNumbersOnPostgres(PostgresClusterFixture fixture) : DailyReceiptNumbersTests(fixture);
