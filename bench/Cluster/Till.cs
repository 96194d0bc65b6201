using RetentionActors.Bench.Load;
using RetentionActors.Bench.Reporting;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;

namespace RetentionActors.Bench.Cluster;

/// <summary>
/// The till sequence a terminal runs per customer, as the terminal runs it: one checkout call that checks the card, accrues
/// the purchase and answers the customer's balance, tier, stamps and coupons.
/// </summary>
public sealed class Till(IGrainFactory grains, string runTag)
{
    /// <summary>Points the purchases earned, as the silo answered them; a test of exactness after the run.</summary>
    public long PointsEarned => Interlocked.Read(ref _pointsEarned);

    /// <summary>Accruals the silo granted, warm-up included.</summary>
    public long Accruals => Interlocked.Read(ref _accruals);

    private long _pointsEarned;
    private long _accruals;

    public async Task<bool> AccrueAsync(SimulatedTerminal terminal, int rank)
    {
        var purchase = Shop.Purchase(terminal.Random, terminal.Id, $"{runTag}-{terminal.Id}-{terminal.Sequence}");
        var done = await grains.GetGrain<ILoyaltyCardGrain>(Shop.CardId(rank)).CheckoutAsync(purchase);
        if (!done.IsAccepted || done.Accrual.Replayed)
        {
            return false;
        }
        Interlocked.Add(ref _pointsEarned, done.Accrual.PointsEarned);
        Interlocked.Increment(ref _accruals);
        return done.Customer is { } customer && customer.Balance >= done.Accrual.Balance;
    }

    /// <summary>
    /// The check that the balances of customers 0..<paramref name="customers"/>-1 moved by exactly the points the silo granted
    /// this till since they summed to <paramref name="before"/> (<see cref="TotalBalanceAsync"/>, read before the run).
    /// </summary>
    public async Task<Check> BalancesMovedAsync(string scenario, string target, long before, int customers) =>
        new(scenario, target, "sum of balances moved by the points granted",
            PointsEarned.ToString(CultureInfo.InvariantCulture), (await TotalBalanceAsync(grains, customers) - before).ToString(CultureInfo.InvariantCulture));

    /// <summary>The sum of the balances of customers 0..count-1: before and after a run, it moves by exactly the points earned.</summary>
    public static async Task<long> TotalBalanceAsync(IGrainFactory grains, int count)
    {
        var total = 0L;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (rank, _) =>
        {
            var summary = await grains.GetGrain<ICustomerSummaryGrain>(Shop.CustomerId(rank)).GetAsync();
            Interlocked.Add(ref total, summary?.Balance ?? 0);
        });
        return total;
    }
}
