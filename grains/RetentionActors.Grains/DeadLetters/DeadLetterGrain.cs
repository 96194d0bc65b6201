using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.DeadLetters;

namespace RetentionActors.Grains.DeadLetters;

/// <summary>
/// One till's dead letters (<see cref="IDeadLetterGrain"/>), kept in <see cref="IDeadLetterStore"/>. Calls run one at a
/// time, so a till's report, a retry and a dismissal of the same letter never interleave; the store's status check
/// backs that up across a silo failing over.
/// </summary>
[GrainType("deadletters")]
public sealed partial class DeadLetterGrain(
    IDeadLetterStore store,
    [FromKeyedServices(GrainServices.ClockKey)] TimeProvider clock,
    ILogger<DeadLetterGrain> logger) : Grain, IDeadLetterGrain
{
    private string StoreId => Till().StoreId;

    private string TerminalId => Till().TerminalId;

    async Task<DeadLetterResolution> IDeadLetterGrain.ReportAsync(DeadLetterReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Validate();
        RequireOwn(report.StoreId, report.TerminalId);
        var sale = report.Purchase;
        var letter = new DeadLetter(StoreId, TerminalId, sale.Day, sale.ReceiptId, Contracts.Cards.CardId.Parse(report.CardId).ToString(), sale.Amount,
            sale.OccurredAt, report.ReasonCode, report.Message, report.Since, report.Attempts)
        {
            Lines = sale.Lines,
            ClockSkew = report.ClockSkew,
            ReportedAt = clock.GetUtcNow(),
        };
        var stored = await store.AddOrRefreshAsync(letter);
        LogReported(logger, this.GetPrimaryKeyString(), TillDay(stored), stored.ReceiptId, stored.ReasonCode, stored.Status);
        return stored.Resolution;
    }

    async Task<IReadOnlyList<DeadLetterResolution>> IDeadLetterGrain.ResolutionsAsync(TillDeadLetterQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        RequireOwn(query.StoreId, query.TerminalId);
        if (query.Receipts.Count == 0)
        {
            return [];
        }
        var asked = query.Receipts.ToHashSet();
        var resolved = await store.ResolvedAsync(StoreId, TerminalId, query.Receipts.Min(r => r.BusinessDay));
        return [.. resolved.Where(l => asked.Contains(new DeadLetterReceipt(l.BusinessDay, l.ReceiptId))).Select(l => l.Resolution)];
    }

    Task<DeadLetter?> IDeadLetterGrain.GetAsync(DateOnly businessDay, string receiptId)
    {
        Require.Id(receiptId, nameof(receiptId));
        return store.FindAsync(StoreId, TerminalId, new DeadLetterReceipt(businessDay, receiptId));
    }

    // A till reports and asks only about its own letters: the gateway checked the request against its credential, and
    // the request must name this grain's till.
    private void RequireOwn(string storeId, string terminalId)
    {
        if (storeId != StoreId || terminalId != TerminalId)
        {
            throw new InvalidRequestException(
                $"This is the dead-letter grain of {StoreId}/{TerminalId}; letters of {storeId}/{terminalId} go to their own.", "StoreId");
        }
    }

    private (string StoreId, string TerminalId) Till()
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var till = slash < 0 ? ("", "") : (key[..slash], key[(slash + 1)..]);
        Require.Id(till.Item1, "StoreId");
        Require.Id(till.Item2, "TerminalId");
        return till;
    }

    private static string TillDay(DeadLetter letter) => Contracts.Ledger.TillDay.Text(letter.BusinessDay);
}
