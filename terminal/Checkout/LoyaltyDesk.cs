using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Program;
using RetentionActors.Contracts.Security;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Terminal.Outbox;

namespace RetentionActors.Terminal.Checkout;

/// <summary>
/// What a till can do with a card, whatever the reader and the screen: look it up, ring up a purchase
/// (through the outbox, so it survives the silo being away), redeem, refund, enroll.
/// </summary>
public sealed partial class LoyaltyDesk(
    IGrainAccess silo, PurchaseOutbox outbox, OutboxReplayer replayer, TerminalIdentity terminal, TimeProvider time, ILogger<LoyaltyDesk> logger)
{
    public TerminalIdentity Terminal => terminal;

    /// <summary>Who holds the card, with the campaigns running now as offers for a known customer.</summary>
    public Task<DeskAnswer> IdentifyAsync(CardId card, CancellationToken cancellationToken) =>
        CallAsync(card, async grains =>
        {
            var answer = Answers.Card(card.ToString(), await grains.GetGrain<ILoyaltyCardGrain>(card.ToString()).IdentifyAsync().WaitAsync(cancellationToken));
            if (answer is not KnownCardAnswer known)
            {
                return answer;
            }
            known = await WithOfflineAllowanceAsync(grains, card, known, cancellationToken);
            var program = await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync().WaitAsync(cancellationToken);
            var now = time.GetUtcNow();
            return known with { Offers = [.. program.Settings.Campaigns.Where(c => CampaignRule.Runs(c.Starts, c.Ends, now)).Select(c => c.Name)] };
        });

    public Task<DeskAnswer> BalanceAsync(CardId card, CancellationToken cancellationToken) =>
        CallAsync(card, async grains =>
        {
            var identity = await grains.GetGrain<ILoyaltyCardGrain>(card.ToString()).IdentifyAsync().WaitAsync(cancellationToken);
            return identity.Customer is { } customer && identity.Declined is null
                ? Answers.Balance(card.ToString(), customer)
                : Answers.Declined(identity.Declined!, card.ToString());
        });

    /// <summary>
    /// Stores the card holder's 0–10 recommendation answer with their customer (for NPS in the back office).
    /// <paramref name="reference"/> identifies the answer, so a retry stores it once; a new one is made when none is given.
    /// </summary>
    public Task<DeskAnswer> FeedbackAsync(CardId card, int score, string? reference, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var feedback = new Feedback(reference ?? $"fb-{Guid.NewGuid():N}", score, now, terminal.StoreId);
        return CallAsync(card, async grains =>
        {
            var declined = await grains.GetGrain<ILoyaltyCardGrain>(card.ToString()).RecordFeedbackAsync(feedback).WaitAsync(cancellationToken);
            return declined is not null
                ? Answers.Declined(declined, card.ToString())
                : new FeedbackAnswer(card.ToString(), score, feedback.Reference);
        });
    }

    /// <summary>
    /// Rings up a purchase: queued durably first, then the outbox is drained in order, the sale in one checkout call that
    /// also redeems <paramref name="pointsToRedeem"/> on the same receipt when asked. Answers <c>accrued</c> when the
    /// silo took it (or had it already), with the redemption's answer inside; <c>queued</c> when the silo or its database
    /// is away (the redemption is then unconfirmed, and the message says what to do); <c>declined</c> when the silo
    /// refused it — the sale then stays at the till as a dead letter, for the back office, and the message says so. The
    /// business day is the POS's, or today by the till's local clock (receipt numbers start again every day). Points to
    /// redeem on a receipt this till redeemed offline and has not sent yet are answered from that redemption.
    /// </summary>
    public async Task<PurchaseAnswer> PurchaseAsync(CardId card, string receiptId, decimal amount, IReadOnlyList<PurchaseLine>? lines, CancellationToken cancellationToken,
        DateOnly? businessDay = null, long pointsToRedeem = 0)
    {
        var now = time.GetUtcNow();
        var purchase = new Purchase(terminal.StoreId, terminal.TerminalId, receiptId, now, amount, lines is { Count: > 0 } ? lines : null)
        {
            BusinessDay = businessDay ?? Today,
        };
        try
        {
            purchase.Validate(now);
            if (pointsToRedeem != 0)
            {
                // Checked before the sale is queued: a bad redemption refuses the whole line and keeps nothing.
                new Redemption(purchase.StoreId, purchase.TerminalId, receiptId, now, pointsToRedeem) { BusinessDay = purchase.BusinessDay }.Validate(now);
            }
        }
        catch (ArgumentException e)
        {
            return Answers.Decline(DeclineReasons.Invalid, e.Message, card.ToString()) with { ReceiptId = receiptId };
        }

        using var span = TerminalTracing.Start("PurchaseAsync", receiptId);
        var sequence = outbox.Enqueue(card.ToString(), purchase, now);
        if (outbox.DeadLetter(sequence) is { } kept)
        {
            // The same receipt was refused before: it stays as it is, for the back office, and is not sent again.
            return WithDeadLetters(Answers.Decline(kept.ReasonCode,
                $"receipt {receiptId} of {TillDay.Text(kept.Purchase.Day)} is already kept at this till as a dead letter ({kept.Message}); "
                + "the back office books or dismisses it", card.ToString()) with { ReceiptId = receiptId });
        }
        DeskAnswer? redeemedBefore = null;
        if (pointsToRedeem > 0 && outbox.OfflineRedemptionOf(terminal.StoreId, terminal.TerminalId, purchase.Day, receiptId) is { RefusedReason: null } redeemedOffline)
        {
            // This till redeemed the receipt offline and has not sent it yet, so the silo does not know it: the sale goes
            // without points to redeem, and the till answers for the redemption.
            redeemedBefore = RedeemedOfflineBefore(card, redeemedOffline.Redemption, pointsToRedeem);
            pointsToRedeem = 0;
        }
        var ringingUp = time.GetTimestamp();
        var answer = await replayer.DrainAsync(sequence, cancellationToken, pointsToRedeem);
        if (answer is AccruedAnswer accruedBefore && redeemedBefore is not null)
        {
            answer = accruedBefore with { Redemption = redeemedBefore };
        }
        if (answer is AccruedAnswer { Redemption: null } accrued && pointsToRedeem > 0)
        {
            // A background drain sent this sale first, without the redemption: it is asked for now, on the same receipt, in
            // what is left of the call timeout (the drain may have spent most of it waiting for that other drain).
            answer = accrued with
            {
                Redemption = await RedeemAsync(card, receiptId, pointsToRedeem, purchase.Day, silo.CallTimeout - time.GetElapsedTime(ringingUp), cancellationToken),
            };
        }
        if (answer is not (null or QueuedAnswer))
        {
            return WithDeadLetters(answer);
        }
        var why = (answer as QueuedAnswer)?.Message ?? OutboxReplayer.SiloUnreachableMessage;
        if (redeemedBefore is not null)
        {
            why += "; " + redeemedBefore switch { DeclinedAnswer refused => refused.Message, OfflineRedeemedAnswer earlier => earlier.Message, _ => "" };
        }
        else if (pointsToRedeem > 0)
        {
            // The sale's call may have been booked, redemption and all, after the till stopped waiting: not "none redeemed".
            why += "; the redemption is not confirmed: redeem the points on their own on the same receipt (a receipt redeems once; offline up to the card's allowance)";
        }
        LogQueued(logger, receiptId, why);
        return WithDeadLetters(new QueuedAnswer(card.ToString(), receiptId, why));
    }

    /// <summary>The sales this till keeps as dead letters, oldest first, with their reasons (no silo needed).</summary>
    public DeadLettersAnswer DeadLetters()
    {
        var letters = outbox.DeadLetters();
        return new DeadLettersAnswer(letters.Count, [.. letters.Select(DeadLetterView.Of)]);
    }

    // Purchase answers say how many dead letters the till keeps, when it keeps any, so the POS can show it.
    private PurchaseAnswer WithDeadLetters(PurchaseAnswer answer) => outbox.DeadLetterCount() is > 0 and var count ? answer with { DeadLetters = count } : answer;

    /// <summary>
    /// Spends points on receipt <paramref name="receiptId"/> of <paramref name="businessDay"/> (the POS's; default today by
    /// the till's clock). While the silo cannot be reached, up to the card's offline allowance (see LoyaltyDesk.Offline.cs);
    /// the answer then says it is an offline redemption.
    /// </summary>
    public Task<DeskAnswer> RedeemAsync(CardId card, string receiptId, long points, CancellationToken cancellationToken, DateOnly? businessDay = null) =>
        RedeemAsync(card, receiptId, points, businessDay ?? Today, within: null, cancellationToken);

    // within: how long the online call may take (null: the client's response timeout). With less than a quarter of the
    // call timeout the silo is not asked: a call cut off that soon would leave it unknown whether the points were taken.
    // A call that gets no answer may still have been booked; the points are then redeemed offline on the same receipt all
    // the same, since the cluster books one redemption per receipt, whichever way it arrives.
    private async Task<DeskAnswer> RedeemAsync(CardId card, string receiptId, long points, DateOnly businessDay, TimeSpan? within, CancellationToken cancellationToken)
    {
        if (outbox.OfflineRedemptionOf(terminal.StoreId, terminal.TerminalId, businessDay, receiptId) is { RefusedReason: null } kept)
        {
            // Redeemed offline at this till and not sent yet: the silo does not know it, so the till answers for the receipt.
            return RedeemedOfflineBefore(card, kept.Redemption, points);
        }
        if (within < silo.CallTimeout / 4)
        {
            return RedeemOffline(card, receiptId, points, businessDay,
                $"The sale took the till's time to answer and the silo was not asked for the redemption: redeem the points on their own on receipt {receiptId}");
        }
        var answer = await RedeemOnlineAsync(card, receiptId, points, businessDay, within, cancellationToken);
        // The offline decline says whether the call never left the till or got no answer (and may have been booked).
        return answer is DeclinedAnswer { Reason: DeclineReasons.Offline } offline
            ? RedeemOffline(card, receiptId, points, businessDay, offline.Message!)
            : answer;
    }

    private Task<DeskAnswer> RedeemOnlineAsync(CardId card, string receiptId, long points, DateOnly businessDay, TimeSpan? within, CancellationToken cancellationToken) =>
        CallAsync(card, async grains =>
        {
            var now = time.GetUtcNow();
            var redemption = new Redemption(terminal.StoreId, terminal.TerminalId, receiptId, now, points) { BusinessDay = businessDay };
            redemption.Validate(now);
            var call = grains.GetGrain<ILoyaltyCardGrain>(card.ToString()).RedeemAsync(redemption);
            var result = within is { } limit ? await call.WaitAsync(limit, cancellationToken) : await call.WaitAsync(cancellationToken);
            return Answers.Redemption(card.ToString(), receiptId, result);
        });

    /// <summary>
    /// Takes back what returned goods earned; needs the silo. The original sale is named as its receipt shows it:
    /// store, till, business day and number; without till and day the silo finds it when only one sale matches.
    /// </summary>
    public Task<DeskAnswer> RefundAsync(CardId card, string receiptId, string refundOf, decimal amount, string? originalStore, CancellationToken cancellationToken,
        string? originalTerminal = null, DateOnly? originalDay = null) =>
        CallAsync(card, async grains =>
        {
            var now = time.GetUtcNow();
            var refund = new Refund(terminal.StoreId, terminal.TerminalId, receiptId, now, amount, originalStore ?? terminal.StoreId, refundOf)
            {
                BusinessDay = Today,
                OriginalTerminalId = originalTerminal,
                OriginalBusinessDay = originalDay,
            };
            refund.Validate(now);
            var result = await grains.GetGrain<ILoyaltyCardGrain>(card.ToString()).RefundAsync(refund).WaitAsync(cancellationToken);
            return Answers.Refund(card.ToString(), receiptId, result);
        });

    /// <summary>
    /// Enrolls a new customer on this card in one call; the cluster creates the customer and links the card.
    /// <paramref name="enrollmentId"/> identifies the sign-up (default: one per card), so a retry after a lost
    /// answer returns the same customer instead of making a second one.
    /// </summary>
    public Task<DeskAnswer> EnrollAsync(CardId card, CustomerProfile profile, string? enrollmentId, CancellationToken cancellationToken) =>
        CallAsync(card, async grains =>
        {
            var enrollment = new Enrollment(enrollmentId ?? Enrollment.ForCard(card.ToString()), profile);
            enrollment.Validate(time.GetUtcNow());
            var enrolled = await grains.GetGrain<ILoyaltyCardGrain>(card.ToString()).EnrollAsync(enrollment).WaitAsync(cancellationToken);
            return enrolled.Declined is { } declined
                ? Answers.Declined(declined, card.ToString())
                : Answers.Enrolled(card.ToString(), enrolled.Customer!);
        });

    /// <summary>Uses a coupon on the receipt being rung up; a customer's coupon only with their own card.</summary>
    public Task<DeskAnswer> RedeemCouponAsync(CardId card, string receiptId, string code, CancellationToken cancellationToken) =>
        CallAsync(card, async grains =>
        {
            var use = new CouponUse(terminal.StoreId, terminal.TerminalId, Today, receiptId, code.Trim().ToUpperInvariant());
            use.Validate();
            var result = await grains.GetGrain<ILoyaltyCardGrain>(card.ToString()).RedeemCouponAsync(use).WaitAsync(cancellationToken);
            return result.Declined is { } declined
                ? Answers.Declined(declined, card.ToString()) with { ReceiptId = receiptId }
                : new CouponUsedAnswer(card.ToString(), receiptId, $"{result.Coupon!.Code}: {result.Coupon.Description}", result.Coupon.Value);
        });

    /// <summary>Spends the card holder's points on a catalogue reward (kiosks); the same reference claims once.</summary>
    public Task<DeskAnswer> ClaimRewardAsync(CardId card, string rewardId, string? reference, CancellationToken cancellationToken) =>
        CallAsync(card, async grains =>
        {
            var result = await grains.GetGrain<ILoyaltyCardGrain>(card.ToString())
                .ClaimRewardAsync(rewardId, reference ?? $"rw-{Guid.NewGuid():N}"[..24]).WaitAsync(cancellationToken);
            return result.Declined is { } declined
                ? Answers.Declined(declined, card.ToString())
                : new RewardClaimedAnswer(card.ToString(), result.PointsSpent, result.Balance, $"{result.Coupon!.Code}: {result.Coupon.Description}", result.Replayed);
        });

    // The till's business day: the date on its local clock.
    private DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    private async Task<DeskAnswer> CallAsync(CardId card, Func<IGrainFactory, Task<DeskAnswer>> call, [CallerMemberName] string operation = "")
    {
        using var span = TerminalTracing.Start(operation);
        try
        {
            var answer = await call(silo.Grains);
            silo.ReportAnswered();
            return answer;
        }
        catch (Exception e) when (Unreachable.IsStoreUnavailable(e))
        {
            // The silo answered: its connection stays.
            silo.ReportAnswered();
            LogStoreUnavailable(logger, e.Message);
            return Answers.Decline(DeclineReasons.Unavailable,
                "The loyalty database is unavailable right now; try the same operation again in a moment (purchases are still accepted and sent later).", card.ToString());
        }
        catch (Exception e) when (Unreachable.IsTransportFailure(e))
        {
            // This call failed; the connection decides whether the cluster is gone (it keeps its other gateways).
            silo.ReportUnreachable(e);
            LogOffline(logger, e.Message);
            return Answers.Decline(DeclineReasons.Offline, OfflineMessage(e, operation), card.ToString());
        }
        catch (ArgumentException e)
        {
            return Answers.Decline(DeclineReasons.Invalid, e.Message, card.ToString());
        }
        catch (CallRefusedException e)
        {
            // The silo answered, if only to refuse this terminal.
            silo.ReportAnswered();
            LogRefused(logger, e.Refusal, e.Message);
            return Answers.Decline(DeclineReasons.NotAuthorized, e.Message, card.ToString());
        }
    }

    // Operations that only read: nothing can have been done when they get no answer.
    private static readonly HashSet<string> Reads = [nameof(IdentifyAsync), nameof(BalanceAsync)];

    // A call that never left (no gateway connected) did nothing. One that got no answer may have been done by the silo
    // before it went quiet: the cashier is told so, and that sending it again as it was does it once.
    private static string OfflineMessage(Exception failure, string operation) =>
        Unreachable.NeverSent(failure) ? "The silo cannot be reached; only purchases are accepted offline."
        : Reads.Contains(operation) ? "The silo did not answer; only purchases are accepted offline."
        : "The silo did not answer; only purchases are accepted offline. If it took this before it stopped answering, it is done: "
          + "send it again as it was (same receipt or reference) once it answers, and it is done once.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purchase {ReceiptId} queued in the outbox: {Reason}")]
    private static partial void LogQueued(ILogger logger, string receiptId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The silo's loyalty database is unavailable: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The silo refused this terminal ({Refusal}): {Reason}")]
    private static partial void LogRefused(ILogger logger, CallRefusal refusal, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo unreachable: {Reason}")]
    private static partial void LogOffline(ILogger logger, string reason);
}
