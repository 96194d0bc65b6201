using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

// An operation done long ago, sent again: an activation holds only the recent operation keys (issue 14), so a repeat whose
// key is not held and that does not say it is old is decided again. The store refuses that commit because the key is
// done (OperationAlreadyDoneException), nothing of it is written, and the call is answered here as a repeat is: with the
// first answer. Checking the store before every decision would cost every sale a read; this costs the rare repeat a
// reload (the refused commit fails the pipeline, so memory, which applied the decision, is thrown away).
public sealed partial class CustomerGrain
{
    // The operation key the call being decided commits (set by AppendAsync, read by the call filter).
    private string? _operationKeyOfCall;

    /// <summary>
    /// The stored first answer of <paramref name="done"/>'s operation in the shape of the call's <paramref name="answer"/>,
    /// marked as a repeat; the refusal itself for a call that answers nothing (a referral award: it was given before).
    /// </summary>
    private async Task<object?> FirstAnswerAsync(OperationAlreadyDoneException done, object? answer)
    {
        var json = await store.ReadOperationResultAsync(CustomerId, done.OperationKey);
        return (answer, json) switch
        {
            (null, _) => null,
            (_, null) => throw done,
            (AccrualResult, _) => StorageJson.Deserialize<AccrualResult>(json) with { Replayed = true },
            (RedemptionResult, _) => StorageJson.Deserialize<RedemptionResult>(json) with { Replayed = true },
            (RefundResult, _) => StorageJson.Deserialize<RefundResult>(json) with { Replayed = true },
            (AdjustmentResult, _) => StorageJson.Deserialize<AdjustmentResult>(json) with { Replayed = true },
            (RewardClaimResult, _) => StorageJson.Deserialize<RewardClaimResult>(json) with { Replayed = true },
            _ => throw done,
        };
    }
}
