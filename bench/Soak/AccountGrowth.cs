using RetentionActors.Domain.Ledger;

namespace RetentionActors.Bench.Soak;

/// <summary>
/// What a customer's points account grows by per purchase while its activation lives (issue 22): the open lot, the spend
/// point and the purchase time the program's rules keep for it. Measured in this process on accounts given as many
/// purchases as the soak gave its customers, once their receipt detail (bounded at <see cref="PointsAccount.ReceiptsHeld"/>)
/// is full. The silo's live data cannot grow slower than that while its customers stay active; the operation keys the
/// grain holds beside it (a hash each) are not counted.
/// </summary>
internal static class AccountGrowth
{
    private const int Accounts = 2_000;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Bytes per purchase from the receipt book's fill up to <paramref name="purchases"/> purchases an account (at least 16 more).</summary>
    public static double BytesPerPurchase(int purchases)
    {
        var filled = PointsAccount.ReceiptsHeld;
        purchases = Math.Max(purchases, filled + 16);
        var accounts = Enumerable.Range(0, Accounts).Select(_ => new PointsAccount()).ToArray();
        Buy(accounts, 0, filled);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        Buy(accounts, filled, purchases);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(accounts);
        return (after - before) / (double)(Accounts * (purchases - filled));
    }

    // Purchases [from, to) of every account, at one till a customer, a few seconds apart, as the soak's tills sell.
    private static void Buy(PointsAccount[] accounts, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            for (var a = 0; a < accounts.Length; a++)
            {
                var at = Start.AddSeconds(i * 50 + a * 0.01);
                var till = new TillReference("S001", $"T{a % 4}", $"R{i}-{a}", $"CARD{a}", at);
                foreach (var entry in accounts[a].Earn(till, 12.34m, 12, at).Entries)
                {
                    accounts[a].Apply(entry);
                }
            }
        }
    }
}
