using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Security;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Outbox;

// Offline redemptions are sent before the purchases of a background drain, oldest first. Their order against purchases
// does not matter for the points: a redemption the balance cannot cover any more is booked all the same, and what it owes
// is paid back from the next purchase, whichever of the two arrives first.
public sealed partial class OutboxReplayer
{
    /// <summary>
    /// Sends the queued offline redemptions; stops at the first that finds no silo, no database or a refused credential
    /// (the next drain starts there). One the cluster refuses is kept with the reason, never deleted.
    /// </summary>
    private async Task ReplayOfflineRedemptionsAsync(CancellationToken cancellationToken)
    {
        foreach (var queued in outbox.PendingOfflineRedemptions())
        {
            var receiptId = queued.Redemption.ReceiptId;
            try
            {
                var result = await silo.Grains.GetGrain<ILoyaltyCardGrain>(queued.CardId).RedeemOfflineAsync(queued.Redemption)
                    .WaitAsync(silo.CallTimeout, cancellationToken);
                silo.ReportAnswered();
                if (result.Declined is { } declined)
                {
                    var reason = DeclineReasons.From(declined.Reason);
                    outbox.SetAsideOfflineRedemption(queued.Sequence, reason, declined.Message);
                    LogOfflineRedemptionRefused(logger, queued.Sequence, receiptId, reason, declined.Message);
                    Replayed?.Invoke(new ReplayedAnswer(Answers.Decline(reason, declined.Message, queued.CardId) with { ReceiptId = receiptId }, Offline: true));
                    continue;
                }
                outbox.OfflineRedemptionBooked(queued.Sequence);
                LogOfflineRedemptionBooked(logger, queued.Sequence, receiptId, result.DebtIncurred);
                Replayed?.Invoke(new ReplayedAnswer(Answers.Redemption(queued.CardId, receiptId, result), Offline: true));
            }
            catch (Exception e) when (Unreachable.IsStoreUnavailable(e) || e is CallRefusedException)
            {
                silo.ReportAnswered();
                LogStillOffline(logger, queued.Sequence, e.Message);
                return;
            }
            catch (Exception e) when (Unreachable.IsTransportFailure(e) || e is TimeoutException)
            {
                silo.ReportUnreachable(e);
                LogStillOffline(logger, queued.Sequence, e.Message);
                return;
            }
            catch (ArgumentException e)
            {
                outbox.SetAsideOfflineRedemption(queued.Sequence, DeclineReasons.Invalid, e.Message);
                LogOfflineRedemptionRefused(logger, queued.Sequence, receiptId, DeclineReasons.Invalid, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Offline redemption {Sequence} (receipt {ReceiptId}) booked; debt incurred: {Debt} points")]
    private static partial void LogOfflineRedemptionBooked(ILogger logger, long sequence, string receiptId, long debt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offline redemption {Sequence} (receipt {ReceiptId}) refused ({ReasonCode}) and kept at the till: {Detail}")]
    private static partial void LogOfflineRedemptionRefused(ILogger logger, long sequence, string receiptId, string reasonCode, string detail);
}
