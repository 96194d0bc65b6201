using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// A receipt (store, till, business day, number) is one sale of one customer: sent again it is a retry, answered as it
/// was; with other figures, or for someone else, it is refused and nothing is booked. The account holds the detail of its
/// newest receipts only; an older one is read back from the ledger when an operation needs it.
/// </summary>
internal sealed class TillReceipts(ActiveCustomer customer)
{
    private static readonly EntryKind[] TillOperations = [EntryKind.Purchase, EntryKind.Redemption, EntryKind.Refund];

    /// <summary>
    /// The opening of a purchase, redemption or return: a decline for a customer not enrolled; when its key is booked, the
    /// first answer marked as a repeat, or a decline when the till now says other figures; else null, with the receipt read
    /// back first if the account forgot it.
    /// </summary>
    /// <param name="sent">The amount of a purchase or return, the points of a redemption.</param>
    public async Task<T?> OpeningAnswerAsync<T>(TillReference till, EntryKind kind, decimal sent,
        Func<DeclineReason, string, T> declined, Func<T, T> repeated) where T : class
    {
        if (customer.NotEnrolled(declined) is { } notEnrolled)
        {
            return notEnrolled;
        }
        if (await customer.Answers.GetAsync<T>(EntryKeys.For(till, kind), till.OccurredAt) is { } booked)
        {
            return await ConflictAsync(till, kind, sent) is { } conflict ? declined(conflict.Reason, conflict.Message) : repeated(booked);
        }
        await RecallIfForgottenAsync(EntryKeys.Receipt(till), till.OccurredAt);
        return null;
    }

    /// <summary>
    /// A receipt redeems once, whether the redemption came online or from a till's outbox as an offline one: a till whose
    /// online redemption got no answer cannot tell whether it was booked, and redeems the same receipt offline. The answer
    /// of the redemption booked the other way, as a repeat; a decline when it spent other points; null when there is none.
    /// </summary>
    /// <param name="kind">The kind of the redemption being decided: <see cref="EntryKind.Redemption"/> or <see cref="EntryKind.OfflineRedemption"/>.</param>
    public async Task<Contracts.Ledger.RedemptionResult?> RedeemedTheOtherWayAsync(TillReference till, EntryKind kind, long points)
    {
        var (other, how) = kind == EntryKind.OfflineRedemption ? (EntryKind.Redemption, "online") : (EntryKind.OfflineRedemption, "offline");
        if (await customer.Answers.GetAsync<Contracts.Ledger.RedemptionResult>(EntryKeys.For(till, other), till.OccurredAt) is not { } booked)
        {
            return null;
        }
        return booked.PointsRedeemed == points
            ? booked with { Replayed = true }
            : Contracts.Ledger.RedemptionResult.Decline(DeclineReason.ReceiptConflict,
                $"Receipt {till.ReceiptId} already redeemed {booked.PointsRedeemed} points {how}; a receipt redeems once, so {points} points are not redeemed on it.");
    }

    /// <summary>
    /// Reads back a receipt the account forgot when operations were done under it (a sale, then a redemption on the same
    /// receipt eight receipts later): deciding without it would leave the receipt held with only the new entry's part.
    /// Receipts without history, nearly every sale, cost three hash lookups and no read.
    /// </summary>
    public async Task RecallIfForgottenAsync(string receipt, DateTimeOffset occurredAt)
    {
        if (customer.Account.NeedsRecall(receipt) && TillOperations.Any(kind => customer.Memory.Operations.MayContain(EntryKeys.For(receipt, kind), occurredAt)))
        {
            customer.Account.Recall(await DurableLedgerAsync(), receipt);
        }
    }

    /// <summary>Reads back every sale with the number a return names without till and day: any of them may be the one, or make it ambiguous.</summary>
    public async Task RecallIfForgottenAsync(OriginalReceipt original)
    {
        if (customer.Account.NeedsRecall(original))
        {
            customer.Account.Recall(await DurableLedgerAsync(), original);
        }
    }

    /// <summary>A sale decided before the call was refused (its receipt is another customer's, or a repeat): what the call decided on is void.</summary>
    public static ConcurrentUpdateException VoidedByRefusedSale(string customerId) =>
        new($"Customer {customerId} is reloading after a refused sale or repeat decided before this one; send it again.");

    /// <summary>
    /// Why a till operation already done under its receipt is not a retry of it: it says other figures than the booking.
    /// Null for a retry, which the caller answers from the stored answer.
    /// </summary>
    private async Task<Decline?> ConflictAsync(TillReference till, EntryKind kind, decimal sent)
    {
        var receipt = EntryKeys.Receipt(till);
        if (customer.Account.NeedsRecall(receipt))
        {
            customer.Account.Recall(await DurableLedgerAsync(), receipt);
        }
        return customer.Account.DiffersFromBooked(receipt, kind, sent) is { } conflict ? new Decline(DeclineReason.ReceiptConflict, conflict) : null;
    }

    /// <summary>
    /// The customer's whole ledger, once everything decided so far is durable, for recalling receipts the account no
    /// longer holds (a return or a repeat naming an old one): rare, and a read of this customer's rows only.
    /// </summary>
    private async Task<IReadOnlyList<LedgerEntry>> DurableLedgerAsync()
    {
        try
        {
            await customer.Commits.Durable;
        }
        catch (Exception e) when (e is ReceiptOwnedElsewhereException or OperationAlreadyDoneException)
        {
            // As in the call filter: a sale decided before this call was refused, and this call's view is void too.
            throw VoidedByRefusedSale(customer.Id);
        }
        var ledger = new List<LedgerEntry>();
        while (ledger.Count < customer.Account.LastSeq)
        {
            var page = await customer.Store.ReadLedgerAsync(customer.Id, ledger.Count == 0 ? 0 : ledger[^1].Seq, 1000);
            if (page.Count == 0)
            {
                break;
            }
            ledger.AddRange(page);
        }
        return ledger;
    }
}
