using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Modes;

/// <summary>
/// A <see cref="DeskAnswer"/> as the JSON mode writes it: the protocol's fields in the protocol's order (README
/// "Terminal"), each left out when null. The till software reads these lines, so names, order and values never change
/// (tests/…/Golden/Answers); an answer kind sets the fields it has, and a new field goes at the end.
/// </summary>
public sealed record AnswerLine(string Event)
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
    public AnswerLine? Redemption { get; init; }
    public bool? Offline { get; init; }
    public long? OfflineAllowance { get; init; }
    public int? DeadLetters { get; init; }
    public IReadOnlyList<DeadLetterView>? Letters { get; init; }

    public static AnswerLine Of(DeskAnswer answer) => answer switch
    {
        KnownCardAnswer a => Holding(Customer(new(a.Event) { CardId = a.CardId, Known = true, Status = a.Status }, a.Customer), a.Holds) with
        {
            Offers = NoneIfEmpty(a.Offers), OfflineAllowance = a.OfflineAllowance,
        },
        UnknownCardAnswer a => new(a.Event) { CardId = a.CardId, Known = false, Status = a.Status, Reason = a.Reason, Message = a.Message },
        DeclinedAnswer a => new(a.Event) { CardId = a.CardId, Reason = a.Reason, Message = a.Message, ReceiptId = a.ReceiptId, DeadLetters = a.DeadLetters },
        AccruedAnswer a => Accrued(a),
        QueuedAnswer a => new(a.Event) { CardId = a.CardId, ReceiptId = a.ReceiptId, Message = a.Message, DeadLetters = a.DeadLetters },
        RedeemedAnswer a => new(a.Event)
        {
            CardId = a.CardId, ReceiptId = a.ReceiptId, PointsRedeemed = a.PointsRedeemed, Value = a.Value, Balance = a.Balance, Replayed = TrueOrNone(a.Replayed),
        },
        OfflineRedeemedAnswer a => new(a.Event)
        {
            CardId = a.CardId, ReceiptId = a.ReceiptId, PointsRedeemed = a.PointsRedeemed, Offline = true, OfflineAllowance = a.AllowanceLeft, Message = a.Message,
        },
        RefundedAnswer a => new(a.Event)
        {
            CardId = a.CardId, ReceiptId = a.ReceiptId, PointsReversed = a.PointsReversed, PointsReturned = a.PointsReturned,
            PointsNotRecovered = a.PointsNotRecovered, BonusPointsReversed = PositiveOrNone(a.BonusPointsReversed), StampsReversed = NoneIfEmpty(a.StampsReversed),
            CouponsVoided = NoneIfEmpty(a.CouponsVoided), Balance = a.Balance, Replayed = TrueOrNone(a.Replayed),
        },
        EnrolledAnswer a => Holding(Customer(new(a.Event) { CardId = a.CardId, Known = true }, a.Customer), a.Holds),
        BalanceAnswer a => Holding(Customer(new(a.Event) { CardId = a.CardId }, a.Customer), a.Holds),
        FeedbackAnswer a => new(a.Event) { CardId = a.CardId, Score = a.Score, Reference = a.Reference },
        CouponUsedAnswer a => new(a.Event) { CardId = a.CardId, ReceiptId = a.ReceiptId, Coupons = [a.Coupon], Value = a.Value },
        RewardClaimedAnswer a => new(a.Event)
        {
            CardId = a.CardId, PointsRedeemed = a.PointsRedeemed, Balance = a.Balance, Coupons = [a.Coupon], Replayed = TrueOrNone(a.Replayed),
        },
        // The answer that was sent, as it would have been written, told apart by its event and whether it was accepted.
        ReplayedAnswer a => Of(a.Sent) with { Event = a.Event, Accepted = a.Accepted, Offline = a.Offline ? true : null },
        ReaderAnswer a => new(a.Event) { Status = a.Ready ? "ready" : "lost", Message = a.Message },
        SiloAnswer a => new(a.Event) { Status = a.Connected ? "connected" : "unreachable" },
        DeadLettersAnswer a => new(a.Event) { DeadLetters = a.Count, Letters = a.Letters },
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer.GetType().Name, "An answer kind the JSON mode does not know."),
    };

    /// <summary>A card read the silo did not answer is still announced as a card, with the refusal's reason and message.</summary>
    public static AnswerLine OfCardRead(DeskAnswer answer) => answer is DeclinedAnswer declined
        ? new(AnswerEvents.Card) { CardId = declined.CardId, Reason = declined.Reason, Message = declined.Message }
        : Of(answer);

    private static AnswerLine Accrued(AccruedAnswer a)
    {
        var line = new AnswerLine(a.Event)
        {
            CardId = a.CardId, ReceiptId = a.ReceiptId, PointsEarned = a.PointsEarned, Balance = a.Balance, Unlocked = NoneIfEmpty(a.Unlocked),
            Replayed = TrueOrNone(a.Replayed), TierUpgraded = TrueOrNone(a.TierUpgraded), DiscountPercent = a.Discount?.Percent,
            DiscountAmount = a.Discount?.Amount, BonusPoints = PositiveOrNone(a.BonusPoints), Campaigns = NoneIfEmpty(a.Campaigns),
            Stamps = NoneIfEmpty(a.Stamps), Coupons = NoneIfEmpty(a.Coupons), PendingUntil = a.PendingUntil,
            Redemption = a.Redemption is { } redemption ? Of(redemption) : null, DeadLetters = a.DeadLetters,
        };
        return (a.Customer is { } customer ? Customer(line, customer) : line) with { Tier = a.Tier };
    }

    private static AnswerLine Customer(AnswerLine line, Standing customer) => line with
    {
        CustomerId = customer.CustomerId,
        Name = customer.Name,
        Visits = customer.Visits,
        LifetimeSpend = customer.LifetimeSpend,
        Tier = customer.Tier,
        NextTier = customer.NextTier,
        SpendToNextTier = customer.SpendToNextTier,
        PointsExpiringSoon = PositiveOrNone(customer.PointsExpiringSoon),
        PendingPoints = PositiveOrNone(customer.PendingPoints),
    };

    private static AnswerLine Holding(AnswerLine line, Holdings holds) => line with
    {
        Balance = holds.Balance, Stamps = NoneIfEmpty(holds.Stamps), Coupons = NoneIfEmpty(holds.Coupons),
    };

    private static bool? TrueOrNone(bool value) => value ? true : null;

    private static long? PositiveOrNone(long value) => value > 0 ? value : null;

    private static IReadOnlyList<string>? NoneIfEmpty(IReadOnlyList<string> values) => values.Count > 0 ? values : null;

    private static IReadOnlyDictionary<string, int>? NoneIfEmpty(IReadOnlyDictionary<string, int> values) => values.Count > 0 ? values : null;
}
