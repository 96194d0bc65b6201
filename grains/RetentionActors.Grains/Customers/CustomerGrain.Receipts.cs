using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

// A receipt (store, till, business day, number) is one sale of one customer: sent again it is a retry, answered as it
// was; with other figures, or for someone else, it is refused and nothing is booked.
public sealed partial class CustomerGrain
{
    // The receipt the call being decided claims in its commit (set by AppendAsync, read by the call filter).
    private string? _receiptClaimedByCall;

    /// <summary>
    /// The opening of a purchase, redemption or return: when its key is booked, the first answer marked as a repeat, or a
    /// decline when the till now says other figures; else null, with the receipt read back first if the account forgot it.
    /// </summary>
    /// <param name="sent">The amount of a purchase or return, the points of a redemption.</param>
    private async Task<T?> BookedAnswerAsync<T>(TillReference till, EntryKind kind, decimal sent,
        Func<DeclineReason, string, T> declined, Func<T, T> repeated) where T : class
    {
        if (await StoredAnswerAsync<T>(EntryKeys.For(till, kind), till.OccurredAt) is { } booked)
        {
            return await ReceiptConflictAsync(till, kind, sent) is { } conflict ? declined(conflict.Reason, conflict.Message) : repeated(booked);
        }
        await RecallIfForgottenAsync(EntryKeys.Receipt(till), till.OccurredAt);
        return null;
    }

    /// <summary>
    /// Why a till operation already done under its receipt is not a retry of it: it says other figures than the booking.
    /// Null for a retry, which the caller answers from the stored answer.
    /// </summary>
    /// <param name="sent">The amount of a purchase or return, the points of a redemption.</param>
    private async Task<Decline?> ReceiptConflictAsync(TillReference till, EntryKind kind, decimal sent)
    {
        var receipt = EntryKeys.Receipt(till);
        if (_account.NeedsRecall(receipt))
        {
            _account.Recall(await DurableLedgerAsync(), receipt);
        }
        return _account.DiffersFromBooked(receipt, kind, sent) is { } conflict ? new Decline(DeclineReason.ReceiptConflict, conflict) : null;
    }

    /// <summary>
    /// Reads back a receipt the account forgot when operations were done under it (a sale, then a redemption on the same
    /// receipt eight receipts later): deciding without it would leave the receipt held with only the new entry's part.
    /// Receipts without history, nearly every sale, cost three hash lookups and no read.
    /// </summary>
    private async Task RecallIfForgottenAsync(string receipt, DateTimeOffset occurredAt)
    {
        if (_account.NeedsRecall(receipt) && TillOperations.Any(kind => _operations.MayContain(EntryKeys.For(receipt, kind), occurredAt)))
        {
            _account.Recall(await DurableLedgerAsync(), receipt);
        }
    }

    // A sale decided before the call was refused (its receipt is another customer's): what the call decided on is void.
    private ConcurrentUpdateException VoidedByRefusedSale() =>
        new($"Customer {CustomerId} is reloading after a refused sale or repeat decided before this one; send it again.");

    private static readonly EntryKind[] TillOperations = [EntryKind.Purchase, EntryKind.Redemption, EntryKind.Refund];

    /// <summary>
    /// The customer's whole ledger, once everything decided so far is durable, for recalling receipts the account no
    /// longer holds (a return or a repeat naming an old one): rare, and a read of this customer's rows only.
    /// </summary>
    private async Task<IReadOnlyList<Domain.Ledger.LedgerEntry>> DurableLedgerAsync()
    {
        try
        {
            await Commits.Durable;
        }
        catch (Exception e) when (e is ReceiptOwnedElsewhereException or OperationAlreadyDoneException)
        {
            // As in the call filter: a sale decided before this call was refused, and this call's view is void too.
            throw VoidedByRefusedSale();
        }
        var ledger = new List<Domain.Ledger.LedgerEntry>();
        while (ledger.Count < _account.LastSeq)
        {
            var page = await store.ReadLedgerAsync(CustomerId, ledger.Count == 0 ? 0 : ledger[^1].Seq, 1000);
            if (page.Count == 0)
            {
                break;
            }
            ledger.AddRange(page);
        }
        return ledger;
    }

    /// <summary>
    /// The answer to a call whose commit was refused because its receipt is another customer's, or null when the
    /// failure is not that. Whether a receipt is someone else's is learnt from the commit that claims it, not from a read
    /// before deciding: a read would cost every sale a round trip inside the customer's turn, and a receipt of another
    /// customer is rare. The refused commit fails the grain's pipeline, so the activation reloads as after any failed write.
    /// </summary>
    private static object? RefusedForAnotherCustomer(Exception failure, string? claimed, object? answer)
    {
        if (failure is not ReceiptOwnedElsewhereException refused || refused.Receipt != claimed)
        {
            return null;
        }
        var message = ReceiptOwnership.OfAnotherCustomer(refused.Receipt);
        return answer switch
        {
            AccrualResult => AccrualResult.Decline(DeclineReason.ReceiptOfAnotherCustomer, message),
            RedemptionResult => RedemptionResult.Decline(DeclineReason.ReceiptOfAnotherCustomer, message),
            RefundResult => RefundResult.Decline(DeclineReason.ReceiptOfAnotherCustomer, message),
            CustomerCheckout => new CustomerCheckout(AccrualResult.Decline(DeclineReason.ReceiptOfAnotherCustomer, message), null, null),
            _ => null,
        };
    }
}
