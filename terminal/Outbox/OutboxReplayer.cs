using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Security;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Outbox;

/// <summary>
/// Sends the outbox to the silo, oldest first, one at a time, and removes each entry once the silo has answered
/// (accepted, or declined for good). Stops at the first transport failure, or when the silo says its database is
/// unavailable, so order is kept; the next drain starts again there. Replaying an entry the silo already has is
/// harmless: the grains answer a repeated store + till + business day + receipt with the original result.
/// </summary>
public sealed partial class OutboxReplayer(PurchaseOutbox outbox, IGrainAccess silo, ILogger<OutboxReplayer> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Told about every entry replayed on behalf of an earlier purchase (not the one being rung up).</summary>
    public Action<DeskAnswer>? Replayed { get; set; }

    /// <summary>The message of a purchase kept because the silo's database is away (the silo itself answered).</summary>
    public const string StoreUnavailableMessage = "the loyalty database is unavailable; the purchase is kept and sent when it is back";

    /// <summary>The message of a purchase kept because no silo answered.</summary>
    public const string SiloUnreachableMessage = "silo unreachable; the purchase is kept and sent when it is back";

    /// <summary>
    /// Replays what it can; returns the answer for <paramref name="sequence"/> when that entry got one, or a
    /// <c>queued</c> answer saying why it waits when the drain stopped before answering it.
    /// </summary>
    public async Task<DeskAnswer?> DrainAsync(long? sequence, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            DeskAnswer? mine = null;
            string? waits = null;
            foreach (var entry in outbox.Pending())
            {
                DeskAnswer answer;
                try
                {
                    var result = await silo.Grains.GetGrain<ILoyaltyCardGrain>(entry.CardId).EarnAsync(entry.Purchase).WaitAsync(cancellationToken);
                    answer = Answers.Accrual(entry.CardId, entry.Purchase.ReceiptId, result);
                }
                catch (Exception e) when (Unreachable.IsStoreUnavailable(e))
                {
                    // The connection is fine: keep it, and the entry, for the next tick.
                    LogStillOffline(logger, entry.Sequence, e.Message);
                    waits = StoreUnavailableMessage;
                    break;
                }
                catch (Exception e) when (Unreachable.IsTransportFailure(e))
                {
                    silo.ReportUnreachable(e);
                    LogStillOffline(logger, entry.Sequence, e.Message);
                    waits = SiloUnreachableMessage;
                    break;
                }
                catch (CallRefusedException e)
                {
                    // The silo is there but refuses this terminal (credential revoked or expired): keep everything, in order,
                    // until the terminal has a valid credential again.
                    LogRefused(logger, entry.Sequence, e.Message);
                    waits = $"the silo refuses this terminal's credential ({e.Message}); the purchase is kept and sent once it is accepted";
                    break;
                }
                catch (ArgumentException e)
                {
                    answer = DeskAnswer.Decline(DeclineReasons.Invalid, e.Message, entry.CardId) with { ReceiptId = entry.Purchase.ReceiptId };
                }

                outbox.Remove(entry.Sequence);
                LogReplayed(logger, entry.Sequence, entry.Purchase.ReceiptId, answer.Event);
                if (entry.Sequence == sequence)
                {
                    mine = answer;
                }
                else
                {
                    Replayed?.Invoke(answer with { Event = AnswerEvents.Replayed, Accepted = !answer.IsDeclined });
                }
            }
            return mine ?? (sequence is not null && waits is not null ? new DeskAnswer(AnswerEvents.Queued) { Message = waits } : null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drains the outbox whenever it holds something, every <paramref name="interval"/>, until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                if (outbox.Count() > 0)
                {
                    await DrainAsync(null, cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The outbox keeps its entries; the next tick tries again.
                LogReplayFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox entry {Sequence} (receipt {ReceiptId}) replayed: {Outcome}")]
    private static partial void LogReplayed(ILogger logger, long sequence, string receiptId, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replaying the outbox failed: {Reason}")]
    private static partial void LogReplayFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox entry {Sequence} waits: the silo refuses this terminal: {Reason}")]
    private static partial void LogRefused(ILogger logger, long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox entry {Sequence} waits: {Reason}")]
    private static partial void LogStillOffline(ILogger logger, long sequence, string reason);
}
