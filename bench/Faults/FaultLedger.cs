using RetentionActors.Bench.Cluster;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Bench.Faults;

/// <summary>
/// The purchases in the ledgers of the drills' customers, read back through the grains, to find each sale a till rang
/// up: in the ledger exactly once, or kept at its till as a dead letter with its reason. Anything else is lost or doubled.
/// </summary>
public sealed class FaultLedger
{
    private readonly ILookup<(string? Terminal, string? Receipt), DateOnly?> _purchases;

    private FaultLedger(IEnumerable<LedgerEntry> purchases) =>
        _purchases = purchases.ToLookup(e => (e.TerminalId, e.ReceiptId), e => e.BusinessDay);

    public static async Task<FaultLedger> ReadAsync(IGrainFactory grains, int customers) =>
        new(await LedgerAudit.PurchaseEntriesAsync(grains, Enumerable.Range(0, customers)));

    /// <summary>Where each of <paramref name="sales"/> ended up; <paramref name="deadLetters"/> are the sales kept at their tills.</summary>
    public DrillCounts Tally(IReadOnlyCollection<RungUpSale> sales, IEnumerable<RungUpSale> deadLetters)
    {
        var kept = deadLetters.ToLookup(d => (d.TerminalId, d.ReceiptId), d => d.BusinessDay);
        var (once, keptCount, lost, doubled) = (0, 0, 0, 0);
        foreach (var sale in sales)
        {
            // A sale rung up without a business day took the till's: any day matches its till and receipt number.
            bool Same(DateOnly? day) => sale.BusinessDay is null || day == sale.BusinessDay;
            var entries = _purchases[(sale.TerminalId, sale.ReceiptId)].Count(Same);
            switch (entries)
            {
                case 1:
                    once++;
                    break;
                case 0 when kept[(sale.TerminalId, sale.ReceiptId)].Any(Same):
                    keptCount++;
                    break;
                case 0:
                    lost++;
                    break;
                default:
                    doubled += entries - 1;
                    break;
            }
        }
        return new DrillCounts(sales.Count, once, keptCount, lost, doubled);
    }
}

/// <summary>A drill's sales: how many were rung up, in the ledger once, kept as dead letters, lost, and extra ledger entries.</summary>
public sealed record DrillCounts(int Sales, int InLedgerOnce, int DeadLetters, int Lost, int Doubled);
