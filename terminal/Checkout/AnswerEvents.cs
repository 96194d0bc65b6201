namespace RetentionActors.Terminal.Checkout;

/// <summary>The <c>event</c> values of the terminal's answers (also the JSON protocol's).</summary>
public static class AnswerEvents
{
    public const string Card = "card";
    public const string Declined = "declined";
    public const string Accrued = "accrued";
    public const string Redeemed = "redeemed";
    public const string Refunded = "refunded";
    public const string Enrolled = "enrolled";
    public const string Balance = "balance";
    public const string Feedback = "feedback";
    public const string CouponUsed = "couponUsed";
    public const string RewardClaimed = "rewardClaimed";
    public const string Queued = "queued";
    public const string Replayed = "replayed";
    public const string Reader = "reader";
    public const string Silo = "silo";

    /// <summary>The till's dead letters: their count, and on request the list.</summary>
    public const string DeadLetters = "deadLetters";
}
