using RetentionActors.Contracts;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Offline;
using RetentionActors.Contracts.Security;

namespace RetentionActors.Terminal.Checkout;

// Offline redemption: while online, a card identified here gets its signed allowance, kept in the outbox file; while
// offline, the till lets the card redeem up to it per business day, checking the cluster's signature with the public key
// it holds, and queues the redemption for the cluster to book.
public sealed partial class LoyaltyDesk
{
    /// <summary>Whether identifying a card also asks for its offline allowance (tills; a kiosk may not redeem offline).</summary>
    public bool AsksForOfflineAllowances { get; init; } = true;

    /// <summary>Told to the cashier with every redemption made offline.</summary>
    public const string OfflineRedemptionNotice = "offline redemption";

    private async Task<KnownCardAnswer> WithOfflineAllowanceAsync(IGrainFactory grains, CardId card, KnownCardAnswer answer, CancellationToken cancellationToken)
    {
        if (!AsksForOfflineAllowances)
        {
            return answer;
        }
        try
        {
            var grant = await grains.GetGrain<ILoyaltyCardGrain>(card.ToString())
                .RequestOfflineAllowanceAsync(new AllowanceRequest(terminal.StoreId, terminal.TerminalId)).WaitAsync(cancellationToken);
            // Kept only as the cluster signed it, for this card and till: the key came over the same authenticated connection.
            if (grant.Allowance is { } allowance && grant.PublicKey is { } key && allowance.CardId == card.ToString() && allowance.IsSignedBy(key))
            {
                outbox.KeepAllowance(allowance, key, time.GetUtcNow());
                return answer with { OfflineAllowance = allowance.Points };
            }
        }
        catch (Exception e) when (e is CallRefusedException || Unreachable.IsTransportFailure(e) || Unreachable.IsStoreUnavailable(e))
        {
            // The card was identified; only its allowance is missing, and the till then refuses to redeem offline.
        }
        return answer;
    }

    /// <summary>
    /// A redemption on a receipt this till redeemed offline and has not sent yet: the same points again are that
    /// redemption (answered as it was, not made twice); other points are refused, as the cluster would refuse them.
    /// </summary>
    private DeskAnswer RedeemedOfflineBefore(CardId card, OfflineRedemption kept, long points) =>
        // Against the allowance held now, which may be smaller than the one it was made under.
        RedeemedOfflineBefore(card, kept.ReceiptId, kept.BusinessDay, (kept.Allowance.CardId, kept.Points), points,
            (outbox.Allowance(card.ToString()) ?? kept.Allowance).Points, ", not again; the cluster books it once the till sends it");

    // The answer to points asked again on a receipt this till redeemed offline (kept: with which card, how many points),
    // waiting to be sent or booked since (said): the same card and points are that redemption, anything else a conflict.
    private DeskAnswer RedeemedOfflineBefore(CardId card, string receiptId, DateOnly day, (string CardId, long Points) kept, long points,
        long allowancePoints, string said)
    {
        var cardId = card.ToString();
        if (kept.CardId != cardId || kept.Points != points)
        {
            var with = kept.CardId != cardId ? "with another card" : $"{kept.Points} points";
            return Answers.Decline(DeclineReasons.From(DeclineReason.ReceiptConflict),
                $"Receipt {receiptId} already redeemed {with} offline at this till; a receipt redeems once, so {points} points are not redeemed on it.", cardId);
        }
        var left = Math.Max(0, allowancePoints - outbox.RedeemedOffline(cardId, day));
        return new OfflineRedeemedAnswer(cardId, receiptId, points, left, $"{OfflineRedemptionNotice}: receipt {receiptId} already redeemed these {points} points at this till{said}");
    }

    /// <summary>
    /// Redeems under the card's allowance when the silo gave no answer (<paramref name="unanswered"/> says why, for the
    /// cashier when there is no allowance): refused without a valid allowance (none, altered, expired, another card's or
    /// till's) or above what is left of it today at this till; otherwise queued and answered <c>redeemed</c> as an
    /// <see cref="OfflineRedeemedAnswer"/>.
    /// </summary>
    private DeskAnswer RedeemOffline(CardId card, string receiptId, long points, DateOnly day, string unanswered)
    {
        var cardId = card.ToString();
        var now = time.GetUtcNow();
        var refused = DeclineReasons.From(DeclineReason.OfflineAllowanceRefused);
        if (outbox.Allowance(cardId) is not { } allowance)
        {
            return Answers.Decline(DeclineReasons.Offline,
                $"{unanswered.TrimEnd('.')}. This till holds no offline allowance for card {cardId} (it gets one when the card is identified online), so it redeems nothing offline.", cardId);
        }
        if (outbox.AllowanceKey(allowance.KeyId) is not { } key || !allowance.IsSignedBy(key))
        {
            return Answers.Decline(refused, $"The offline allowance kept for card {cardId} is not as the cluster signed it; no offline redemption on this card.", cardId);
        }
        if (outbox.OfflineRedemptionOf(terminal.StoreId, terminal.TerminalId, day, receiptId) is { RefusedReason: { } refusedBefore })
        {
            // The till keeps one offline redemption per receipt: a second would not be queued, so it is not answered as made.
            return Answers.Decline(refusedBefore,
                $"The cluster refused the offline redemption of receipt {receiptId} ({refusedBefore}); it is kept at this till, and this receipt is not redeemed offline again.", cardId);
        }
        if (outbox.BookedOfflineRedemptionOf(terminal.StoreId, terminal.TerminalId, day, receiptId) is { } booked)
        {
            // Redeemed offline here and booked since: the same again is that redemption, not a second one.
            return RedeemedOfflineBefore(card, receiptId, day, booked, points, allowance.Points, " and the cluster booked them; not again");
        }
        var redemption = new OfflineRedemption(terminal.StoreId, terminal.TerminalId, receiptId, now, points, day, allowance);
        try
        {
            redemption.Validate(now);
        }
        catch (ArgumentException e)
        {
            return Answers.Decline(DeclineReasons.Invalid, e.Message, cardId);
        }
        var used = outbox.RedeemedOffline(cardId, day);
        if (allowance.RefusalFor(cardId, terminal.StoreId, terminal.TerminalId, now, points, used) is { } wrong)
        {
            return Answers.Decline(refused, $"Offline redemption refused: {wrong}.", cardId) with { ReceiptId = receiptId };
        }
        outbox.EnqueueOfflineRedemption(cardId, redemption, now);
        var left = allowance.Points - outbox.RedeemedOffline(cardId, day);
        return new OfflineRedeemedAnswer(cardId, receiptId, points, left,
            $"{OfflineRedemptionNotice}: {points} points, {left} of {allowance.Points} left today at this till; the cluster books it when the till is back online");
    }
}
