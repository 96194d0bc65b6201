using RetentionActors.Grains.Storage;

namespace RetentionActors.Storage.Formats;

/// <summary>
/// How the customer document and the answers kept for repeats are written as text, and read back in every format ever
/// written (<see cref="StoredRecord"/>). The only way into and out of those columns (<c>customers.document</c>,
/// <c>operations.result</c>); the golden files in the tests pin each format.
/// </summary>
public static class CustomerFormats
{
    /// <summary>The format written today.</summary>
    public const int CurrentFormat = StoredRecord.CurrentFormat;

    public static string WriteDocument(CustomerDocument document) => StoredRecord.Write(StoredCustomerDocument.From(document));

    public static CustomerDocument ReadDocument(string json) => StoredRecord.Read<StoredCustomerDocument>(json, "customer document").ToDocument();

    /// <summary>The answer's text; <see cref="OperationAnswer.Nothing"/> is JSON <c>null</c>, as every build wrote it.</summary>
    public static string WriteAnswer(OperationAnswer answer) => answer.Value switch
    {
        null => "null",
        Contracts.Ledger.AccrualResult a => StoredRecord.Write(StoredAccrual.From(a)),
        Contracts.Ledger.RedemptionResult r => StoredRecord.Write(StoredRedemption.From(r)),
        Contracts.Ledger.RefundResult r => StoredRecord.Write(StoredRefund.From(r)),
        Contracts.Ledger.AdjustmentResult a => StoredRecord.Write(StoredAdjustment.From(a)),
        Contracts.Customers.RewardClaimResult c => StoredRecord.Write(StoredRewardClaim.From(c)),
        _ => throw new ArgumentException($"No stored format for an answer of type {answer.Value.GetType().Name}.", nameof(answer)),
    };

    /// <summary>
    /// The answer in <paramref name="json"/>, read as <paramref name="kind"/>: answers written before formats had versions
    /// do not say their kind, so the reader says what its operation answers.
    /// </summary>
    public static OperationAnswer ReadAnswer(AnswerKind kind, string json) => json.Trim() == "null" ? OperationAnswer.Nothing : kind switch
    {
        AnswerKind.Accrual => OperationAnswer.Of(StoredRecord.Read<StoredAccrual>(json, "purchase answer").ToWire()),
        AnswerKind.Redemption => OperationAnswer.Of(StoredRecord.Read<StoredRedemption>(json, "redemption answer").ToWire()),
        AnswerKind.Refund => OperationAnswer.Of(StoredRecord.Read<StoredRefund>(json, "return answer").ToWire()),
        AnswerKind.Adjustment => OperationAnswer.Of(StoredRecord.Read<StoredAdjustment>(json, "adjustment answer").ToWire()),
        AnswerKind.RewardClaim => OperationAnswer.Of(StoredRecord.Read<StoredRewardClaim>(json, "reward claim answer").ToWire()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an answer kind the store keeps."),
    };
}
