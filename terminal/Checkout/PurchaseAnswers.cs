namespace RetentionActors.Terminal.Checkout;

/// <summary>
/// The answers a purchase gets: accrued, queued or declined (a decline answers other operations too). On a purchase
/// they say how many sales the till keeps as dead letters, when it keeps any, so the POS can show it.
/// </summary>
public abstract record PurchaseAnswer : DeskAnswer
{
    private protected PurchaseAnswer()
    {
    }

    public int? DeadLetters { get; init; }
}

/// <summary>
/// The silo took the purchase (or had it already: <see cref="Replayed"/>). On a checkout, also who the customer is
/// (<see cref="Customer"/>, with <see cref="Tier"/> theirs) and the redemption asked with it, as its own answer.
/// </summary>
public sealed record AccruedAnswer(string CardId, string ReceiptId, long PointsEarned, long Balance) : PurchaseAnswer
{
    public override string Event => AnswerEvents.Accrued;

    public IReadOnlyList<string> Unlocked { get; init; } = [];
    public bool Replayed { get; init; }
    public string? Tier { get; init; }
    public bool TierUpgraded { get; init; }

    /// <summary>A discount card's percent off and what it comes to; null without one.</summary>
    public (decimal Percent, decimal Amount)? Discount { get; init; }

    /// <summary>Bonus points from campaigns and referral, and the campaigns that gave something.</summary>
    public long BonusPoints { get; init; }
    public IReadOnlyList<string> Campaigns { get; init; } = [];
    public IReadOnlyDictionary<string, int> Stamps { get; init; } = new Dictionary<string, int>();

    /// <summary>Coupons the purchase issued, as "code: description".</summary>
    public IReadOnlyList<string> Coupons { get; init; } = [];
    public DateTimeOffset? PendingUntil { get; init; }
    public Standing? Customer { get; init; }

    /// <summary>On a purchase rung up with points to redeem: the redemption's own answer (redeemed or declined).</summary>
    public DeskAnswer? Redemption { get; init; }
}

/// <summary>The operation was refused: a reason code (the silo's or the terminal's, <see cref="DeclineReasons"/>) and what to do.</summary>
public sealed record DeclinedAnswer(string Reason, string? Message) : PurchaseAnswer
{
    public override string Event => AnswerEvents.Declined;

    public override bool IsDeclined => true;

    public string? CardId { get; init; }
    public string? ReceiptId { get; init; }
}

/// <summary>
/// The purchase waits in the outbox (the silo or its database is away, or earlier sales are still being sent): it is
/// sent later, and <see cref="Message"/> says why it waits. The outbox replayer's own answer names no card or receipt.
/// </summary>
public sealed record QueuedAnswer(string? CardId, string? ReceiptId, string Message) : PurchaseAnswer
{
    public override string Event => AnswerEvents.Queued;
}
