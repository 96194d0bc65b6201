using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Bench.Cluster;

/// <summary>Reads customers' ledgers back through the grains to count the purchase entries of a set of receipts.</summary>
public static class LedgerAudit
{
    /// <summary>Purchase entries whose receipt id starts with <paramref name="receiptTag"/>: how many, and how many distinct receipts.</summary>
    public static async Task<(int Entries, int Receipts)> PurchasesAsync(IGrainFactory grains, IEnumerable<int> ranks, string receiptTag)
    {
        var receipts = new List<string>();
        await Parallel.ForEachAsync(ranks, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (rank, _) =>
        {
            var customer = grains.GetGrain<ICustomerGrain>(Shop.CustomerId(rank));
            var mine = new List<string>();
            for (var after = 0L; ;)
            {
                var page = await customer.GetLedgerAsync(after, 1000);
                if (page.Count == 0)
                {
                    break;
                }
                mine.AddRange(page.Where(e => e.Kind == LedgerEntryKind.Purchase && e.ReceiptId?.StartsWith(receiptTag + "-", StringComparison.Ordinal) == true)
                    .Select(e => e.ReceiptId!));
                after = page[^1].Seq;
            }
            lock (receipts)
            {
                receipts.AddRange(mine);
            }
        });
        return (receipts.Count, receipts.Distinct().Count());
    }
}
