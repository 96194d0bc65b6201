using RetentionActors.Contracts;
using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Reporting;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Bench.Scenarios;

/// <summary>
/// Scenario 3: 50 terminals earn and redeem on one card at once (a household, a busy card). Every call
/// must be answered; afterwards the balance must equal start + earned − redeemed, and the ledger must
/// hold exactly one entry per accepted call.
/// </summary>
public static class HotCustomerScenario
{
    public const string Name = "hot-customer";
    private const string CustomerId = "hot0000001";
    private const string CardId = "nfc:0AAAAAAAAAAAAA";
    private const long RedeemPoints = 4;

    public static async Task RunAsync(BenchContext context, BenchCluster cluster, Backend backend)
    {
        var grains = cluster.Grains;
        await grains.GetGrain<ICustomerTillGrain>(CustomerId).EnrollAsync(new CustomerProfile("A busy household"));
        await grains.GetGrain<ILoyaltyCardGrain>(CardId).LinkAsync(CustomerId);
        var card = grains.GetGrain<ILoyaltyCardGrain>(CardId);
        var start = (await grains.GetGrain<ICustomerSummaryGrain>(CustomerId).GetAsync())!.Balance;
        var tag = $"{context.RunTag}-{backend.Name}-hot";
        long earned = 0, redeemed = 0, accepted = 0, refused = 0;

        var result = await context.Runner.RunAsync($"{Name} {backend.Name}", context.Options.HotTerminals, context.Options.Warmup, context.Options.Duration, async terminal =>
        {
            var receipt = $"{tag}-{terminal.Id}-{terminal.Sequence}";
            if (terminal.Sequence % 2 == 0)
            {
                var accrual = await card.EarnAsync(new Purchase(Shop.StoreId, terminal.Id, receipt, DateTimeOffset.UtcNow, 10m,
                    [new PurchaseLine("SKU1", "grocery", 1, 5m), new PurchaseLine("SKU2", "bakery", 1, 3m), new PurchaseLine("SKU3", "drinks", 1, 2m)]));
                if (!accrual.IsAccepted || accrual.Replayed)
                {
                    return false;
                }
                Interlocked.Add(ref earned, accrual.PointsEarned);
            }
            else
            {
                var redemption = await card.RedeemAsync(new Redemption(Shop.StoreId, terminal.Id, receipt, DateTimeOffset.UtcNow, RedeemPoints));
                if (redemption.Replayed)
                {
                    return false;
                }
                if (!redemption.IsAccepted)
                {
                    Interlocked.Increment(ref refused); // answered: not enough points at that moment
                    return redemption.Declined!.Reason == DeclineReason.InsufficientPoints;
                }
                Interlocked.Add(ref redeemed, redemption.PointsRedeemed);
            }
            Interlocked.Increment(ref accepted);
            return true;
        });

        var final = (await grains.GetGrain<ICustomerSummaryGrain>(CustomerId).GetAsync())!.Balance;
        var entries = await RunEntriesAsync(grains.GetGrain<ICustomerCareGrain>(CustomerId), tag);
        context.Report.Add(Figure.From(Name, backend.Name, result, $"one customer; {refused} redemptions refused for lack of points"));
        context.Report.Add(new Check(Name, backend.Name, "final balance = start + earned − redeemed",
            (start + earned - redeemed).ToString(CultureInfo.InvariantCulture), final.ToString(CultureInfo.InvariantCulture)));
        context.Report.Add(new Check(Name, backend.Name, "ledger entries of the run (one per accepted call, no doubles)",
            Interlocked.Read(ref accepted).ToString(CultureInfo.InvariantCulture) + " distinct", $"{entries.Distinct} distinct"));
        context.Report.Add(new Check(Name, backend.Name, "doubled ledger entries", "0", (entries.Total - entries.Distinct).ToString(CultureInfo.InvariantCulture)));
    }

    // Entries of this run's receipts, warm-up included (the counters include it too).
    private static async Task<(int Total, int Distinct)> RunEntriesAsync(ICustomerCareGrain customer, string tag)
    {
        var keys = new List<(LedgerEntryKind, string)>();
        var after = 0L;
        while (true)
        {
            var page = await customer.GetLedgerAsync(after, 1000);
            if (page.Count == 0)
            {
                return (keys.Count, keys.Distinct().Count());
            }
            keys.AddRange(page.Where(e => e.ReceiptId?.StartsWith(tag, StringComparison.Ordinal) == true).Select(e => (e.Kind, e.ReceiptId!)));
            after = page[^1].Seq;
        }
    }
}
