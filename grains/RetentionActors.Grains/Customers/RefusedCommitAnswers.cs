using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// What a call answers when the store refused its commit, in the shape of the answer it had decided. Whether a receipt is
/// another customer's, or an old operation already done, is learnt from the commit, not from a read before deciding: a
/// read would cost every sale a round trip inside the customer's turn, and both are rare. The refused commit fails the
/// grain's pipeline, so the activation reloads as after any failed write.
/// </summary>
internal static class RefusedCommitAnswers
{
    /// <summary>The decline of a call whose receipt (<paramref name="claimed"/>) is another customer's; null when the failure is not that.</summary>
    public static object? ForAnotherCustomer(Exception failure, string? claimed, object? answer)
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

    /// <summary>
    /// The first answer (<paramref name="stored"/>, as the store kept it) of an operation done long ago and sent again, marked
    /// as a repeat; the refusal itself for a call that answers nothing (a referral award: it was given before).
    /// </summary>
    public static object? Repeated(OperationAlreadyDoneException done, object? answer, OperationAnswer? stored) => (answer, stored?.Value) switch
    {
        (null, _) => null,
        (AccrualResult, AccrualResult first) => first with { Replayed = true },
        (RedemptionResult, RedemptionResult first) => first with { Replayed = true },
        (RefundResult, RefundResult first) => first with { Replayed = true },
        (AdjustmentResult, AdjustmentResult first) => first with { Replayed = true },
        (RewardClaimResult, RewardClaimResult first) => first with { Replayed = true },
        _ => throw done,
    };
}
