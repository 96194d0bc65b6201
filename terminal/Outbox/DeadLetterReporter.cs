using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Contracts.Security;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Outbox;

/// <summary>
/// Tells the cluster about this till's dead letters (<see cref="IDeadLetterGrain"/>), so the back office sees them,
/// and learns how the back office resolved them: a letter it booked or dismissed is then deleted here, with that
/// reason — the only way a dead letter leaves the outbox. Asks about resolutions after each report and every
/// <paramref name="pollInterval"/> otherwise. Any failure leaves everything as it is for the next try.
/// </summary>
public sealed partial class DeadLetterReporter(
    PurchaseOutbox outbox, IGrainAccess silo, TerminalIdentity terminal, ILogger<DeadLetterReporter> logger, TimeProvider? time = null, TimeSpan? pollInterval = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TimeSpan _pollInterval = pollInterval ?? DefaultPollInterval;
    private DateTimeOffset _lastPoll = DateTimeOffset.MinValue;

    /// <summary>How often a till with open dead letters asks how they stand: often enough that a resolved one leaves soon, rarely enough to cost the cluster little.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(10);

    /// <summary>Told the number of dead letters left whenever resolutions removed some.</summary>
    public Action<int>? DeadLettersChanged { get; set; }

    /// <summary>Reports what the cluster has not heard of and removes what it resolved; returns how many were removed.</summary>
    public async Task<int> SyncAsync(CancellationToken cancellationToken, bool pollNow = false)
    {
        var letters = outbox.DeadLetters();
        if (letters.Count == 0)
        {
            return 0;
        }
        var removed = 0;
        try
        {
            var grain = silo.Grains.GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill(terminal.StoreId, terminal.TerminalId));
            var reported = false;
            foreach (var letter in letters.Where(l => l.ReportedAt is null))
            {
                DeadLetterResolution resolution;
                try
                {
                    resolution = await grain.ReportAsync(Report(letter)).WaitAsync(cancellationToken);
                }
                catch (ArgumentException refused)
                {
                    // This report will never be taken as it is; the letter stays here, and the others still go.
                    LogReportRefused(logger, letter.Sequence, letter.Purchase.ReceiptId, refused.Message);
                    continue;
                }
                outbox.MarkReported(letter.Sequence, _time.GetUtcNow());
                removed += Apply(letter, resolution);
                reported = true;
            }
            if (reported || pollNow || _time.GetUtcNow() - _lastPoll >= _pollInterval)
            {
                _lastPoll = _time.GetUtcNow();
                var open = outbox.DeadLetters().Where(l => l.ReportedAt is not null).Take(TillDeadLetterQuery.MostReceipts).ToList();
                var query = new TillDeadLetterQuery(terminal.StoreId, terminal.TerminalId,
                    [.. open.Select(l => new DeadLetterReceipt(l.Purchase.Day, l.Purchase.ReceiptId))]);
                var resolutions = open.Count == 0 ? [] : await grain.ResolutionsAsync(query).WaitAsync(cancellationToken);
                foreach (var resolution in resolutions)
                {
                    if (open.FirstOrDefault(l => l.Purchase.Day == resolution.BusinessDay && l.Purchase.ReceiptId == resolution.ReceiptId) is { } letter)
                    {
                        removed += Apply(letter, resolution);
                    }
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Silo or database away, an older silo without dead letters, a refused credential: all of it waits for the next try.
            if (e is CallRefusedException)
            {
                LogRefused(logger, e.Message);
            }
            else
            {
                LogNotReported(logger, e.Message);
            }
        }
        if (removed > 0)
        {
            DeadLettersChanged?.Invoke(outbox.DeadLetterCount());
        }
        return removed;
    }

    private int Apply(OutboxDeadLetter letter, DeadLetterResolution resolution)
    {
        if (!resolution.IsResolved)
        {
            return 0;
        }
        var reason = resolution.Status == DeadLetterStatus.Booked ? OutboxRemoval.Accrued : OutboxRemoval.Dismissed;
        outbox.Delete(letter.Sequence, reason);
        LogResolved(logger, letter.Sequence, letter.Purchase.ReceiptId, resolution.Status, resolution.ResolvedBy ?? "the back office", resolution.Note ?? "");
        return 1;
    }

    private DeadLetterReport Report(OutboxDeadLetter letter) =>
        new(terminal.StoreId, terminal.TerminalId, letter.CardId, letter.Purchase, letter.ReasonCode, Printable(letter.Message), letter.Since, letter.Attempts)
        {
            ClockSkew = letter.ClockSkew,
        };

    // Error messages may span lines; the report takes one line of at most 2000 characters.
    private static string Printable(string message)
    {
        var line = new string([.. message.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return line.Length == 0 ? "(no message)" : line.Length > 2000 ? line[..1997] + "..." : line;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead letter {Sequence} (receipt {ReceiptId}) {Status} by {Operator} in the back office ({Note}); removed from the outbox")]
    private static partial void LogResolved(ILogger logger, long sequence, string receiptId, DeadLetterStatus status, string @operator, string note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead letter {Sequence} (receipt {ReceiptId}) stays at this till unreported: the cluster refuses its report: {Reason}")]
    private static partial void LogReportRefused(ILogger logger, long sequence, string receiptId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dead letters not reported now: {Reason}")]
    private static partial void LogNotReported(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead letters not reported: the silo refuses this terminal: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
