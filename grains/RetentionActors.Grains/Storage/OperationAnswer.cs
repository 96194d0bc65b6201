using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Grains.Storage;

/// <summary>The kinds of answer the store keeps with an operation's key; each has a stored format of its own (storage/Formats).</summary>
public enum AnswerKind
{
    Accrual,
    Redemption,
    Refund,
    Adjustment,
    RewardClaim,
}

/// <summary>
/// The answer a keyed operation gave, kept by the store with its key so that a repeat, months later, is answered the same:
/// one of the wire answers of <see cref="AnswerKind"/>, or <see cref="Nothing"/>. The grain passes and gets back the answer
/// itself; how it is written is the store's (storage/Formats), so a renamed wire property cannot change what is on disk.
/// </summary>
public sealed record OperationAnswer
{
    private OperationAnswer(AnswerKind? kind, object? value) => (Kind, Value) = (kind, value);

    /// <summary>What <see cref="Value"/> is; null for <see cref="Nothing"/>.</summary>
    public AnswerKind? Kind { get; }

    /// <summary>The wire answer: an <see cref="AccrualResult"/>, <see cref="RedemptionResult"/>, … as <see cref="Kind"/> says.</summary>
    public object? Value { get; }

    /// <summary>An operation done without an answer (stored as JSON <c>null</c>, as every build has).</summary>
    public static OperationAnswer Nothing { get; } = new(null, null);

    public static OperationAnswer Of(AccrualResult answer) => new(AnswerKind.Accrual, answer);

    public static OperationAnswer Of(RedemptionResult answer) => new(AnswerKind.Redemption, answer);

    public static OperationAnswer Of(RefundResult answer) => new(AnswerKind.Refund, answer);

    public static OperationAnswer Of(AdjustmentResult answer) => new(AnswerKind.Adjustment, answer);

    public static OperationAnswer Of(RewardClaimResult answer) => new(AnswerKind.RewardClaim, answer);

    /// <summary>The answer of a call decided in generic code; throws for a type the store has no format for.</summary>
    public static OperationAnswer OfAny(object? answer) => answer switch
    {
        null => Nothing,
        AccrualResult a => Of(a),
        RedemptionResult r => Of(r),
        RefundResult r => Of(r),
        AdjustmentResult a => Of(a),
        RewardClaimResult c => Of(c),
        _ => throw new ArgumentException(
            $"The store keeps no answer of type {answer.GetType().Name}: add it to AnswerKind and give it a stored format (storage/Formats).", nameof(answer)),
    };

    /// <summary>The kind of answer of type <typeparamref name="T"/>, for reading one back; null when the store keeps no such answer.</summary>
    public static AnswerKind? KindOf<T>() => KindOf(typeof(T));

    /// <summary>The kind of answer of <paramref name="type"/>; null when the store keeps no such answer.</summary>
    public static AnswerKind? KindOf(Type type) =>
        type == typeof(AccrualResult) ? AnswerKind.Accrual
        : type == typeof(RedemptionResult) ? AnswerKind.Redemption
        : type == typeof(RefundResult) ? AnswerKind.Refund
        : type == typeof(AdjustmentResult) ? AnswerKind.Adjustment
        : type == typeof(RewardClaimResult) ? AnswerKind.RewardClaim
        : null;
}
