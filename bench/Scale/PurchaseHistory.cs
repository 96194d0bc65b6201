using RetentionActors.Bench.Cluster;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Bench.Scale;

/// <summary>
/// The purchase history every scale customer is given, the same whether it is bulk-seeded or bought through the grains:
/// per customer, 0 to 4 purchases (2 on average, so 10 M members make 20 M ledger rows), or 500 for the "old" customers
/// at the end of the ranks. Enrolment days spread over three years before <see cref="Now"/>; a third of the customers
/// stop buying early, so retention, RFM and the dormant list have something to find. Deterministic per rank.
/// </summary>
public sealed class PurchaseHistory(int customers, int oldCustomers, DateTimeOffset now, int oldPurchases = PurchaseHistory.OldPurchases)
{
    public const string TerminalId = "T-hist";
    public const int OldPurchases = 500;
    private static readonly TimeSpan Span = TimeSpan.FromDays(3 * 365);

    public DateTimeOffset Now { get; } = now;

    public int Customers { get; } = customers;

    /// <summary>The customers with <see cref="OldPurchases"/> purchases: the last ranks, untouched by the Zipf-skewed accrual.</summary>
    public IEnumerable<int> OldRanks => Enumerable.Range(Customers - OldCustomerCount, OldCustomerCount);

    public int OldCustomerCount { get; } = Math.Min(oldCustomers, customers);

    public bool IsOld(int rank) => rank >= Customers - OldCustomerCount;

    public int PurchaseCount(int rank) => IsOld(rank) ? oldPurchases : rank % 5;

    public long LedgerRows => Enumerable.Range(0, 5).Sum(n => (long)n * ((Customers - OldCustomerCount + 4 - n) / 5)) + (long)OldCustomerCount * oldPurchases;

    public DateTimeOffset EnrolledAt(int rank) =>
        IsOld(rank) ? Now - Span : Now - Span + TimeSpan.FromSeconds(Mix(rank, 0) % (ulong)(Span - TimeSpan.FromDays(30)).TotalSeconds);

    /// <summary>The customer's purchases at their historical times (whole seconds), oldest first.</summary>
    public IEnumerable<Purchase> Purchases(int rank)
    {
        var count = PurchaseCount(rank);
        var enrolled = EnrolledAt(rank);
        // A third stop buying after the first 40 % of their membership: the dormant and the churned.
        var active = (Now - enrolled - TimeSpan.FromDays(1)) * (rank % 3 == 0 && !IsOld(rank) ? 0.4 : 1.0);
        var times = Enumerable.Range(0, count)
            .Select(i => enrolled + TimeSpan.FromSeconds(Mix(rank, i + 1) % (ulong)Math.Max(1, active.TotalSeconds)))
            .Order().ToList();
        for (var i = 0; i < count; i++)
        {
            var amount = (Mix(rank, -i - 1) % 4900 + 100) / 100m;
            yield return new Purchase(Shop.StoreId, TerminalId, $"h{rank}-{i}", new DateTimeOffset(times[i].UtcTicks - times[i].UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero), amount);
        }
    }

    // SplitMix64 of (rank, i): stable across runs and processes, unlike HashCode.
    private static ulong Mix(int rank, int i)
    {
        var z = ((ulong)(uint)rank << 32 | (uint)i) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
