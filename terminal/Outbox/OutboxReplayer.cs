using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Security;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Outbox;

/// <summary>
/// Sends the outbox to the silo, oldest first, one at a time, each with the till's clock at sending
/// (<c>Purchase.SentAt</c>). An entry leaves the outbox only when the silo booked it (or had it already); an entry the
/// silo refuses (a decline of any reason, a malformed request) stays as a dead letter with the reason, and one that
/// fails with an unexpected error is retried with backoff (<see cref="OutboxRetryPolicy"/>) and then set aside the
/// same way, so the rest drains. While an entry waits for its retry, later entries of the same card wait too (a
/// customer's sales stay in order); other cards' go on. No gateway left, the silo's database away, or this terminal's
/// credential refused stop the drain for everyone, in order; the next drain starts again there. A call that finds no
/// silo while a gateway is still connected (the silo of that card's grains died) holds up that card's sales only, as
/// long as such failures come quickly; the sale being rung up is then sent once more (see SendAsync). Replaying an entry
/// the silo already has is harmless: the grains answer a repeated store + till + business day + receipt with the
/// original result.
/// </summary>
public sealed partial class OutboxReplayer(
    PurchaseOutbox outbox, IGrainAccess silo, ILogger<OutboxReplayer> logger, TimeProvider? time = null, OutboxRetryPolicy? retry = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly OutboxRetryPolicy _retry = retry ?? OutboxRetryPolicy.Default;

    // The last answers a drain gave for entries nobody was ringing up (guarded by _gate): a background drain can send a
    // purchase between its queueing and the drain of the desk that rings it up, which then answers with this, not "queued".
    private readonly Dictionary<long, PurchaseAnswer> _answeredInBackground = [];
    private const int AnswersKept = 64;

    /// <summary>Told about every entry replayed on behalf of an earlier purchase (not the one being rung up).</summary>
    public Action<ReplayedAnswer>? Replayed { get; set; }

    /// <summary>Told the number of dead letters whenever a drain sets one aside.</summary>
    public Action<int>? DeadLettersChanged { get; set; }

    /// <summary>The message of a purchase kept because the silo's database is away (the silo itself answered).</summary>
    public const string StoreUnavailableMessage = "the loyalty database is unavailable; the purchase is kept and sent when it is back";

    /// <summary>The message of a purchase kept because no silo answered.</summary>
    public const string SiloUnreachableMessage = "silo unreachable; the purchase is kept and sent when it is back";

    /// <summary>The message of a purchase kept because earlier sales at this till took its time (a silo slow to answer).</summary>
    public const string SendingEarlierMessage = "earlier sales at this till are still being sent; the purchase is kept and sent after them";

    /// <summary>Added to the message of a refused purchase: the till keeps it.</summary>
    public const string KeptAsDeadLetter = "the sale is kept at this till as a dead letter until the back office books or dismisses it";

    /// <summary>
    /// Replays what it can; returns the answer for <paramref name="sequence"/> when that entry got one, or a
    /// <c>queued</c> answer saying why it waits when the drain did not answer it. <paramref name="pointsToRedeem"/> goes
    /// with the call of <paramref name="sequence"/> only (the customer is at the till for that sale, not for the others).
    /// </summary>
    public async Task<PurchaseAnswer?> DrainAsync(long? sequence, CancellationToken cancellationToken, long pointsToRedeem = 0)
    {
        // The sale being rung up is answered within the call timeout, whatever the drain meets: it waits at most half of
        // it for another drain (one stuck on a silo that does not answer) and for earlier sales, and its own call gets the
        // rest; when another drain still holds the outbox then, the rest goes to waiting for that drain's answer instead.
        var drainStarted = _time.GetUtcNow();
        var waiting = Stopwatch.StartNew();
        if (sequence is null)
        {
            await _gate.WaitAsync(cancellationToken);
        }
        else if (!await _gate.WaitAsync(silo.CallTimeout / 2, cancellationToken))
        {
            return await AnswerOfOtherDrainAsync(sequence.Value, silo.CallTimeout - waiting.Elapsed, cancellationToken);
        }
        try
        {
            if (sequence is { } rungUp && _answeredInBackground.Remove(rungUp, out var earlier))
            {
                return earlier;
            }
            if (sequence is null)
            {
                await ReplayOfflineRedemptionsAsync(cancellationToken);
            }
            PurchaseAnswer? mine = null;
            string? waits = null;
            var setAside = false;
            var failing = TimeSpan.Zero;
            var waitingCards = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in outbox.Pending())
            {
                if (waitingCards.Contains(entry.CardId) || entry.RetryAt > _time.GetUtcNow())
                {
                    // Behind its own retry, or behind an earlier sale of the same card: the customer's order is kept.
                    waitingCards.Add(entry.CardId);
                    if (entry.Sequence == sequence)
                    {
                        waits = "an earlier purchase on this card failed and is retried first; this one is kept and sent after it";
                    }
                    continue;
                }
                var sending = _time.GetUtcNow();
                var within = sequence is null ? (TimeSpan?)null
                    : entry.Sequence == sequence ? silo.CallTimeout - (sending - drainStarted) : silo.CallTimeout / 2 - (sending - drainStarted);
                if (within <= TimeSpan.Zero)
                {
                    // Earlier sales used the rung-up sale's share of the time: it stays queued behind them.
                    waits = SendingEarlierMessage;
                    break;
                }
                var (answer, stop, cardOnly) = entry.Sequence == sequence
                    ? await SendAsync(entry, drainStarted, within, pointsToRedeem, cancellationToken)
                    : await SendAsync(entry, null, within, 0, cancellationToken);
                if (stop is not null && cardOnly && (failing += _time.GetUtcNow() - sending) < silo.CallTimeout / 2)
                {
                    // The silo of this card's grain is away, but a gateway is still connected: other customers' sales may
                    // well go through (a dead silo refuses at once). Failures that take time stop the drain, so the sale
                    // being rung up is still answered within the call timeout.
                    waitingCards.Add(entry.CardId);
                    if (entry.Sequence == sequence)
                    {
                        waits = stop;
                    }
                    continue;
                }
                if (stop is not null)
                {
                    waits = stop;
                    break;
                }
                if (answer is null)
                {
                    waitingCards.Add(entry.CardId);
                    if (entry.Sequence == sequence)
                    {
                        waits = $"the silo failed on this purchase; it is kept and tried again (attempt {entry.Attempts + 1} of {_retry.MaxAttempts})";
                    }
                    continue;
                }
                setAside |= answer.IsDeclined;
                if (entry.Sequence == sequence)
                {
                    mine = answer;
                }
                else
                {
                    Replayed?.Invoke(new ReplayedAnswer(answer, Offline: false));
                    _answeredInBackground[entry.Sequence] = answer;
                    if (_answeredInBackground.Count > AnswersKept)
                    {
                        _answeredInBackground.Remove(_answeredInBackground.Keys.Min());
                    }
                }
            }
            if (setAside)
            {
                DeadLettersChanged?.Invoke(outbox.DeadLetterCount());
            }
            return mine ?? (sequence is not null && waits is not null ? new QueuedAnswer(null, null, waits) : null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The sale being rung up waited half the call timeout for another drain, which may be sending this very sale (the
    /// background drain picks up whatever is queued, and a silo that failed over answers slowly). It waits out the other
    /// half for that drain too, leaving no time to send the sale itself: when the other drain booked it, the answer is what
    /// the silo said, not "queued" (a cashier told a booked sale is offline may ring it again); otherwise it is kept.
    /// </summary>
    private async Task<PurchaseAnswer> AnswerOfOtherDrainAsync(long sequence, TimeSpan left, CancellationToken cancellationToken)
    {
        if (left <= TimeSpan.Zero || !await _gate.WaitAsync(left, cancellationToken))
        {
            return new QueuedAnswer(null, null, SendingEarlierMessage);
        }
        try
        {
            return _answeredInBackground.Remove(sequence, out var answered) ? answered : new QueuedAnswer(null, null, SendingEarlierMessage);
        }
        finally
        {
            _gate.Release();
        }
    }

    // One entry: its answer (accrued, or declined and kept as a dead letter), or null when it failed and waits for a retry,
    // or why it stops: the whole drain, or only this card's sales (CardOnly: no silo answered for it, but the connection
    // is kept). The purchase being rung up is tried a second time at once when the first call failed that way and its
    // drain has used at most half the call timeout: the retry goes out through a gateway that is still there, and the receipt identity
    // (store + till + business day + receipt) makes it harmless when the first call was booked after all.
    // ringingUpSince: when the drain for the purchase being rung up started (null for the others), its time budget.
    // within: how long the first call may take while a sale is being rung up (null: the client's response timeout).
    private async Task<(PurchaseAnswer? Answer, string? Stop, bool CardOnly)> SendAsync(
        QueuedPurchase entry, DateTimeOffset? ringingUpSince, TimeSpan? within, long pointsToRedeem, CancellationToken cancellationToken)
    {
        var (answer, stop, failure) = await SendOnceAsync(entry, within, pointsToRedeem, cancellationToken);
        if (failure is null)
        {
            return (answer, stop, false);
        }
        silo.ReportUnreachable(failure);
        var left = ringingUpSince is { } since ? silo.CallTimeout - (_time.GetUtcNow() - since) : TimeSpan.Zero;
        if (failure is not SiloUnreachableException && left >= silo.CallTimeout / 2)
        {
            LogRetrying(logger, entry.Sequence, entry.Purchase.ReceiptId, failure.Message);
            // The second send is bounded by what is left of the call timeout, and is not given up when another gateway
            // connection closes: when a silo dies the client may see more than one connection close, and a second close
            // cut off a send that the surviving silo went on to book, answering a booked sale "queued" (a CI failover run).
            (answer, stop, failure) = await SendOnceAsync(entry, left, pointsToRedeem, cancellationToken, stopOnGatewayDrop: false);
            if (failure is null)
            {
                return (answer, stop, false);
            }
            silo.ReportUnreachable(failure);
        }
        LogStillOffline(logger, entry.Sequence, failure.Message);
        return (null, SiloUnreachableMessage, failure is not SiloUnreachableException);
    }

    // One checkout call: the answer or why the drain stops, or the transport failure (no silo answered) for SendAsync to
    // judge. A redemption asked with the sale is idempotent by its receipt as the purchase is, so a second send is harmless.
    private async Task<(PurchaseAnswer? Answer, string? Stop, Exception? TransportFailure)> SendOnceAsync(
        QueuedPurchase entry, TimeSpan? within, long pointsToRedeem, CancellationToken cancellationToken, bool stopOnGatewayDrop = true)
    {
        var receiptId = entry.Purchase.ReceiptId;
        // Before the call: a gateway that closes while it waits cancels this (unless told not to).
        var dropped = stopOnGatewayDrop ? silo.GatewayDropped : CancellationToken.None;
        using var waiting = dropped.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, dropped) : null;
        try
        {
            var sent = entry.Purchase with { SentAt = _time.GetUtcNow() };
            var call = silo.Grains.GetGrain<ILoyaltyCardGrain>(entry.CardId).CheckoutAsync(sent, pointsToRedeem);
            var token = waiting?.Token ?? cancellationToken;
            var result = within is { } limit ? await call.WaitAsync(limit, token) : await call.WaitAsync(token);
            silo.ReportAnswered();
            if (result.Declined is { } declined)
            {
                return (KeepRefused(entry, DeclineReasons.From(declined.Reason), declined.Message, declined.ClockSkew), null, null);
            }
            outbox.Delete(entry.Sequence, OutboxRemoval.Accrued);
            LogReplayed(logger, entry.Sequence, receiptId, AnswerEvents.Accrued);
            return (Answers.Checkout(entry.CardId, receiptId, result), null, null);
        }
        catch (Exception e) when (Unreachable.IsStoreUnavailable(e))
        {
            // The connection is fine: keep it, and the entry, for the next tick.
            silo.ReportAnswered();
            LogStillOffline(logger, entry.Sequence, e.Message);
            return (null, StoreUnavailableMessage, null);
        }
        catch (Exception e) when (Unreachable.IsTransportFailure(e))
        {
            return (null, null, e);
        }
        catch (CallRefusedException e)
        {
            // The silo is there but refuses this terminal (credential revoked or expired): keep everything, in order,
            // until the terminal has a valid credential again.
            silo.ReportAnswered();
            LogRefused(logger, entry.Sequence, e.Message);
            return (null, $"the silo refuses this terminal's credential ({e.Message}); the purchase is kept and sent once it is accepted", null);
        }
        catch (ArgumentException e)
        {
            return (KeepRefused(entry, DeclineReasons.Invalid, e.Message, null), null, null);
        }
        catch (OperationCanceledException) when (dropped.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Sent through that gateway, the call would wait out its whole timeout (Orleans does not fail it); through
            // another, it may still be booked. Either way it counts as failed now, and sending it again is harmless.
            return (null, null, new TimeoutException("a silo gateway connection closed while the call waited for its answer"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return (RetryLater(entry, e), null, null);
        }
    }

    private DeclinedAnswer KeepRefused(QueuedPurchase entry, string reasonCode, string message, TimeSpan? clockSkew)
    {
        outbox.SetAside(entry.Sequence, reasonCode, message, _time.GetUtcNow(), entry.Attempts + 1, clockSkew);
        LogSetAside(logger, entry.Sequence, entry.Purchase.ReceiptId, reasonCode, message);
        return Answers.Decline(reasonCode, $"{message} ({KeptAsDeadLetter})", entry.CardId) with { ReceiptId = entry.Purchase.ReceiptId };
    }

    // An unexpected error: tried again with backoff, and set aside after the last attempt so the rest drains.
    private DeclinedAnswer? RetryLater(QueuedPurchase entry, Exception error)
    {
        var attempts = entry.Attempts + 1;
        var what = $"{error.GetType().Name}: {error.Message}";
        if (attempts >= _retry.MaxAttempts)
        {
            return KeepRefused(entry, DeclineReasons.Error, $"error: {what} (failed {attempts} times; set aside so the purchases behind it are sent)", null);
        }
        var delay = _retry.DelayAfter(attempts);
        outbox.ScheduleRetry(entry.Sequence, attempts, _time.GetUtcNow() + delay, what);
        LogRetry(logger, entry.Sequence, entry.Purchase.ReceiptId, attempts, delay, what);
        return null;
    }

    /// <summary>
    /// Drains the outbox whenever it holds something, every <paramref name="interval"/>, and keeps the cluster told
    /// about its dead letters (<paramref name="deadLetters"/>), until cancelled.
    /// </summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken, DeadLetterReporter? deadLetters = null)
    {
        using var timer = new PeriodicTimer(interval, _time);
        do
        {
            try
            {
                if (outbox.Count() > 0 || outbox.OfflineRedemptionCount() > 0)
                {
                    await DrainAsync(null, cancellationToken);
                }
                if (deadLetters is not null)
                {
                    await deadLetters.SyncAsync(cancellationToken);
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
}
