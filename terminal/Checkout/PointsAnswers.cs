namespace RetentionActors.Terminal.Checkout;

/// <summary>Points were spent on the receipt, worth <see cref="Value"/> off (or had been: <see cref="Replayed"/>).</summary>
public sealed record RedeemedAnswer(string CardId, string ReceiptId, long PointsRedeemed, decimal Value, long Balance, bool Replayed) : DeskAnswer
{
    public override string Event => AnswerEvents.Redeemed;
}

/// <summary>
/// Points were redeemed while the silo could not be reached, under the card's offline allowance: queued for the cluster
/// to book; <see cref="AllowanceLeft"/> is what the card may still redeem offline today at this till.
/// </summary>
public sealed record OfflineRedeemedAnswer(string CardId, string ReceiptId, long PointsRedeemed, long AllowanceLeft, string Message) : DeskAnswer
{
    public override string Event => AnswerEvents.Redeemed;
}

/// <summary>A return took back what the returned goods earned.</summary>
public sealed record RefundedAnswer(string CardId, string ReceiptId, long PointsReversed, long PointsReturned, long PointsNotRecovered, long Balance, bool Replayed)
    : DeskAnswer
{
    public override string Event => AnswerEvents.Refunded;

    public long BonusPointsReversed { get; init; }
    public IReadOnlyDictionary<string, int> StampsReversed { get; init; } = new Dictionary<string, int>();
    public IReadOnlyList<string> CouponsVoided { get; init; } = [];
}

/// <summary>A coupon was used on the receipt: "code: description", worth <see cref="Value"/>.</summary>
public sealed record CouponUsedAnswer(string CardId, string ReceiptId, string Coupon, decimal Value) : DeskAnswer
{
    public override string Event => AnswerEvents.CouponUsed;
}

/// <summary>Points were spent on a catalogue reward, issued as a coupon ("code: description").</summary>
public sealed record RewardClaimedAnswer(string CardId, long PointsRedeemed, long Balance, string Coupon, bool Replayed) : DeskAnswer
{
    public override string Event => AnswerEvents.RewardClaimed;
}
