using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;

namespace RetentionActors.Grains.Customers;

// A receipt (store, till, business day, number) is one sale of one customer: sent again it is a retry, answered as it
// was; with other figures, or for someone else, it is refused and nothing is booked.
public sealed partial class CustomerGrain
{
    /// <summary>
    /// Why a till operation under <paramref name="till"/>'s receipt may not be booked here: it is on this ledger with other
    /// figures, or the receipt belongs to another customer. Null when it may go on (a new receipt of this customer's, or
    /// a retry: <paramref name="key"/> already done, which the caller answers from the stored answer).
    /// </summary>
    /// <param name="sent">The amount of a purchase or return, the points of a redemption.</param>
    private async Task<Decline?> ReceiptRefusalAsync(TillReference till, EntryKind kind, string key, decimal sent)
    {
        var receipt = EntryKeys.Receipt(till);
        if (_operations.Contains(key))
        {
            return _account.DiffersFromBooked(receipt, kind, sent) is { } conflict ? new Decline(DeclineReason.ReceiptConflict, conflict) : null;
        }
        // Read before deciding so the till gets a clean refusal; the commit claims the receipt too (CustomerCommit.Receipt),
        // so two customers racing for one receipt cannot both book it.
        var owner = await store.ReceiptOwnerAsync(receipt);
        return owner is null || owner == CustomerId ? null
            : new Decline(DeclineReason.ReceiptOfAnotherCustomer, ReceiptOwnership.OfAnotherCustomer(receipt));
    }
}
