namespace RetentionActors.Terminal.Checkout;

/// <summary>
/// What the terminal answers to a card read or an operation; the cashier screen and the JSON protocol show the
/// same thing. Only the fields that apply are set.
/// </summary>
public sealed record DeskAnswer(string Event)
{
    public string? CardId { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public bool? Known { get; init; }
    public string? CustomerId { get; init; }
    public string? Name { get; init; }
    public string? Status { get; init; }
    public long? Balance { get; init; }
    public int? Visits { get; init; }
    public decimal? LifetimeSpend { get; init; }
    public string? ReceiptId { get; init; }
    public long? PointsEarned { get; init; }
    public IReadOnlyList<string>? Unlocked { get; init; }
    public long? PointsRedeemed { get; init; }
    public decimal? Value { get; init; }
    public long? PointsReversed { get; init; }
    public long? PointsReturned { get; init; }
    public long? PointsNotRecovered { get; init; }
    public long? BonusPointsReversed { get; init; }
    public IReadOnlyDictionary<string, int>? StampsReversed { get; init; }
    public IReadOnlyList<string>? CouponsVoided { get; init; }
    public bool? Replayed { get; init; }
    public int? Score { get; init; }
    public string? Reference { get; init; }
    public string? Tier { get; init; }
    public bool? TierUpgraded { get; init; }
    public string? NextTier { get; init; }
    public decimal? SpendToNextTier { get; init; }
    public long? PointsExpiringSoon { get; init; }
    public long? PendingPoints { get; init; }
    public DateTimeOffset? PendingUntil { get; init; }
    public decimal? DiscountPercent { get; init; }
    public decimal? DiscountAmount { get; init; }
    public long? BonusPoints { get; init; }
    public IReadOnlyList<string>? Campaigns { get; init; }
    public IReadOnlyDictionary<string, int>? Stamps { get; init; }
    public IReadOnlyList<string>? Coupons { get; init; }
    public IReadOnlyList<string>? Offers { get; init; }
    public bool? Accepted { get; init; }

    /// <summary>On a purchase rung up with points to redeem: the redemption's own answer (<c>redeemed</c> or <c>declined</c>).</summary>
    public DeskAnswer? Redemption { get; init; }

    /// <summary>Set on a redemption made while the silo could not be reached, under the card's offline allowance.</summary>
    public bool? Offline { get; init; }

    /// <summary>Points the card may still redeem offline today at this till (on a card read online, and on an offline redemption).</summary>
    public long? OfflineAllowance { get; init; }

    /// <summary>How many sales this till keeps as dead letters (set when there are any, and on <c>deadLetters</c> answers).</summary>
    public int? DeadLetters { get; init; }

    /// <summary>The dead letters themselves, on the answer to <c>{"op":"deadLetters"}</c>.</summary>
    public IReadOnlyList<DeadLetterView>? Letters { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDeclined => Event == AnswerEvents.Declined || Accepted == false;

    public static DeskAnswer Decline(string reason, string message, string? cardId = null) =>
        new(AnswerEvents.Declined) { Reason = reason, Message = message, CardId = cardId };
}
