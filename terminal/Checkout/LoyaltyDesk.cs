using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
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
            if (answer.Known != true)
            {
                return answer;
            }
            var program = await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync().WaitAsync(cancellationToken);
            var now = DateTimeOffset.UtcNow;
            var offers = program.Settings.Campaigns.Where(c => c.Starts <= now && now < c.Ends).Select(c => c.Name).ToList();
            return offers.Count > 0 ? answer with { Offers = offers } : answer;
        });

    public Task<DeskAnswer> BalanceAsync(CardId card, CancellationToken cancellationToken) =>
        CallAsync(card, async grains =>
        {
            var identity = await grains.GetGrain<ILoyaltyCardGrain>(card.ToString()).IdentifyAsync().WaitAsync(cancellationToken);
            return identity.Customer is { } customer && identity.Declined is null
                ? Answers.Customer(AnswerEvents.Balance, card.ToString(), customer)
                : Answers.Declined(identity.Declined!, card.ToString());
        });

    /// <summary>Stores the card holder's 0–10 recommendation answer with their customer (for NPS in the back office).</summary>
    public Task<DeskAnswer> FeedbackAsync(CardId card, int score, CancellationToken cancellationToken) =>
        CallAsync(card, async grains =>
        {
            var identity = await grains.GetGrain<ILoyaltyCardGrain>(card.ToString()).IdentifyAsync().WaitAsync(cancellationToken);
            if (identity.Customer is not { } customer || identity.Declined is not null)
            {
                return Answers.Declined(identity.Declined!, card.ToString());
            }
            var now = DateTimeOffset.UtcNow;
            var feedback = new Feedback($"{terminal.StoreId}.{terminal.TerminalId}.{now:yyyyMMddHHmmssfff}", score, now, terminal.StoreId);
            await grains.GetGrain<ICustomerGrain>(customer.CustomerId).RecordFeedbackAsync(feedback).WaitAsync(cancellationToken);
            return new DeskAnswer(AnswerEvents.Feedback) { CardId = card.ToString(), CustomerId = customer.CustomerId, Score = score };
        });

    /// <summary>
    /// Rings up a purchase: queued durably first, then the outbox is drained in order. Answers <c>accrued</c> when the
    /// silo took it (or had it already), <c>queued</c> when the silo or its database is away.
    /// </summary>
    public async Task<DeskAnswer> PurchaseAsync(CardId card, string receiptId, decimal amount, IReadOnlyList<PurchaseLine>? lines, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var purchase = new Purchase(terminal.StoreId, terminal.TerminalId, receiptId, now, amount, lines is { Count: > 0 } ? lines : null);
        try
        {
            purchase.Validate(now);
        }
        catch (ArgumentException e)
        {
            return DeskAnswer.Decline(DeclineReasons.Invalid, e.Message, card.ToString()) with { ReceiptId = receiptId };
        }

        var sequence = outbox.Enqueue(card.ToString(), purchase, now);
        var answer = await replayer.DrainAsync(sequence, cancellationToken);
        if (answer is not null && answer.Event != AnswerEvents.Queued)
        {
            return answer;
        }
        var why = answer?.Message ?? OutboxReplayer.SiloUnreachableMessage;
        LogQueued(logger, receiptId, why);
        return new DeskAnswer(AnswerEvents.Queued) { CardId = card.ToString(), ReceiptId = receiptId, Message = why };
    }

    /// <summary>Spends points; needs the silo (points are never spent offline).</summary>
    public Task<DeskAnswer> RedeemAsync(CardId card, string receiptId, long points, CancellationToken cancellationToken) =>
        CallAsync(card, async grains =>
        {
            var now = time.GetUtcNow();
            var redemption = new Redemption(terminal.StoreId, terminal.TerminalId, receiptId, now, points);
            redemption.Validate(now);
            var result = await grains.GetGrain<ILoyaltyCardGrain>(card.ToString()).RedeemAsync(redemption).WaitAsync(cancellationToken);
            return Answers.Redemption(card.ToString(), receiptId, result);
        });

    /// <summary>Takes back the points of returned goods; needs the silo.</summary>
    public Task<DeskAnswer> RefundAsync(CardId card, string receiptId, string refundOf, decimal amount, string? originalStore, CancellationToken cancellationToken) =>
        CallAsync(card, async grains =>
        {
            var now = time.GetUtcNow();
            var refund = new Refund(terminal.StoreId, terminal.TerminalId, receiptId, now, amount, originalStore ?? terminal.StoreId, refundOf);
            refund.Validate(now);
            var result = await grains.GetGrain<ILoyaltyCardGrain>(card.ToString()).RefundAsync(refund).WaitAsync(cancellationToken);
            return Answers.Refund(card.ToString(), receiptId, result);
        });

    /// <summary>Enrolls a new customer under a fresh id and links the card to them.</summary>
    public Task<DeskAnswer> EnrollAsync(CardId card, CustomerProfile profile, CancellationToken cancellationToken) =>
        CallAsync(card, async grains =>
        {
            profile.Validate(time.GetUtcNow());
            var cardGrain = grains.GetGrain<ILoyaltyCardGrain>(card.ToString());
            var info = await cardGrain.GetAsync().WaitAsync(cancellationToken);
            if (info.Status != CardStatus.Unissued)
            {
                return DeskAnswer.Decline(DeclineReasons.From(RetentionActors.Contracts.DeclineReason.CardLinkedElsewhere),
                    $"Card {card} is already {info.Status.ToString().ToLowerInvariant()}; it cannot be enrolled again.", card.ToString());
            }
            var customerId = $"c-{Guid.NewGuid():N}";
            var enrolled = await grains.GetGrain<ICustomerGrain>(customerId).EnrollAsync(profile).WaitAsync(cancellationToken);
            if (enrolled.Declined is { } declined)
            {
                return Answers.Declined(declined, card.ToString());
            }
            var linked = await cardGrain.LinkAsync(customerId).WaitAsync(cancellationToken);
            if (linked.Declined is { } notLinked)
            {
                return Answers.Declined(notLinked, card.ToString());
            }
            var customer = await grains.GetGrain<ICustomerGrain>(customerId).GetAsync().WaitAsync(cancellationToken) ?? enrolled.Customer!;
            return Answers.Customer(AnswerEvents.Enrolled, card.ToString(), customer) with { Known = true };
        });

    private async Task<DeskAnswer> CallAsync(CardId card, Func<IGrainFactory, Task<DeskAnswer>> call)
    {
        try
        {
            return await call(silo.Grains);
        }
        catch (Exception e) when (Unreachable.IsStoreUnavailable(e))
        {
            // The silo answered: its connection stays.
            LogStoreUnavailable(logger, e.Message);
            return DeskAnswer.Decline(DeclineReasons.Unavailable,
                "The loyalty database is unavailable right now; try the same operation again in a moment (purchases are still accepted and sent later).", card.ToString());
        }
        catch (Exception e) when (Unreachable.IsTransportFailure(e))
        {
            silo.ReportUnreachable(e);
            LogOffline(logger, e.Message);
            return DeskAnswer.Decline(DeclineReasons.Offline, "The silo cannot be reached; only purchases are accepted offline.", card.ToString());
        }
        catch (ArgumentException e)
        {
            return DeskAnswer.Decline(DeclineReasons.Invalid, e.Message, card.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purchase {ReceiptId} queued in the outbox: {Reason}")]
    private static partial void LogQueued(ILogger logger, string receiptId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The silo's loyalty database is unavailable: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo unreachable: {Reason}")]
    private static partial void LogOffline(ILogger logger, string reason);
}
