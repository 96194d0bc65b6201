using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Bench.Cluster;

/// <summary>Reads customers' ledgers back through the grains to find the purchase entries of the sales a run made.</summary>
public static class LedgerAudit
{
    /// <summary>Purchase entries whose receipt id starts with <paramref name="receiptTag"/>: how many, and how many distinct receipts.</summary>
    public static async Task<(int Entries, int Receipts)> PurchasesAsync(IGrainFactory grains, IEnumerable<int> ranks, string receiptTag)
    {
        var receipts = (await PurchaseEntriesAsync(grains, ranks))
            .Where(e => e.ReceiptId?.StartsWith(receiptTag + "-", StringComparison.Ordinal) == true).Select(e => e.ReceiptId!).ToList();
        return (receipts.Count, receipts.Distinct().Count());
    }

    /// <summary>Every purchase entry in the ledgers of customers <paramref name="ranks"/>, page by page.</summary>
    public static async Task<List<LedgerEntry>> PurchaseEntriesAsync(IGrainFactory grains, IEnumerable<int> ranks)
    {
        var purchases = new List<LedgerEntry>();
        await Parallel.ForEachAsync(ranks, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (rank, _) =>
        {
            var customer = grains.GetGrain<ICustomerCareGrain>(Shop.CustomerId(rank));
            var mine = new List<LedgerEntry>();
            for (var after = 0L; ;)
            {
                var page = await customer.GetLedgerAsync(after, 1000);
                if (page.Count == 0)
                {
                    break;
                }
                mine.AddRange(page.Where(e => e.Kind == LedgerEntryKind.Purchase));
                after = page[^1].Seq;
            }
            lock (purchases)
            {
                purchases.AddRange(mine);
            }
        });
        return purchases;
    }
}
