using RetentionActors.Contracts;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;
using TillAnswers = RetentionActors.Terminal.Checkout.Answers;

namespace RetentionActors.Terminal.Tests.Golden.Answers;

/// <summary>
/// One answer of every kind the terminal gives, and every variant of a kind, built the way the terminal builds it
/// (the silo's results through <see cref="TillAnswers"/>, the others as LoyaltyDesk, the outbox replayer, the JSON
/// session and TillSession make them), from fixed inputs, so their JSON lines and screen text can be kept as golden files.
/// </summary>
public static class AnswerSamples
{
    private const string Card = "nfc:04A1B2C3D4E5F6";
    private static readonly DateTimeOffset At = new(2026, 12, 3, 14, 5, 6, TimeSpan.Zero);

    public static IReadOnlyList<(string Name, DeskAnswer Answer)> All { get; } =
    [
        ("card known", KnownCard()),
        ("card known, nothing more", TillAnswers.Card(Card, new CardIdentity(CardInfo(CardStatus.Active), Summary("Plain Pat"), null))),
        ("card unissued", TillAnswers.Card(Card, new CardIdentity(CardInfo(CardStatus.Unissued), null, null))),
        ("card blocked", TillAnswers.Card(Card, new CardIdentity(CardInfo(CardStatus.Blocked), null, new Decline(DeclineReason.CardBlocked, "card blocked: lost")))),
        ("declined by the silo", TillAnswers.Declined(new Decline(DeclineReason.InsufficientPoints, "only 12 points"), Card)),
        ("declined purchase with dead letters", TillAnswers.Decline(DeclineReasons.Invalid, "amount must be positive", Card) with { ReceiptId = "r-1", DeadLetters = 2 }),
        ("declined without a card", TillAnswers.Decline(DeclineReasons.NoCard, "No card has been read yet and the operation names no cardId.")),
        ("declined by the reader", new DeclinedAnswer("bankCard", null)),
        ("accrued", TillAnswers.Accrual(Card, "r-2", new AccrualResult(12, 112, []))),
        ("accrued with everything", TillAnswers.Accrual(Card, "r-3", FullAccrual())),
        ("accrual declined", TillAnswers.Accrual(Card, "r-4", new AccrualResult(0, 0, [], new Decline(DeclineReason.VelocityLimit, "too many purchases today")))),
        ("checkout with redemption", CheckoutWithRedemption() with { DeadLetters = 1 }),
        ("checkout with redemption declined", TillAnswers.Checkout(Card, "r-6", new CheckoutResult(CardInfo(CardStatus.Active), new AccrualResult(50, 62, []),
            RedemptionResult.Decline(DeclineReason.InsufficientPoints, "only 62 points"), Summary("Ann Checkout") with { Balance = 62 }))),
        ("checkout without customer", TillAnswers.Checkout(Card, "r-7", new CheckoutResult(CardInfo(CardStatus.Active), new AccrualResult(5, 5, []), null, null))),
        ("redeemed", TillAnswers.Redemption(Card, "r-8", new RedemptionResult(200, 2.00m, 300))),
        ("redeemed again", TillAnswers.Redemption(Card, "r-8", new RedemptionResult(200, 2.00m, 300, Replayed: true))),
        ("redemption declined", TillAnswers.Redemption(Card, "r-9", RedemptionResult.Decline(DeclineReason.InsufficientPoints, "only 3 points"))),
        ("redeemed offline", OfflineRedemption()),
        ("refunded", TillAnswers.Refund(Card, "ret-1", new RefundResult(20, 5, 1, 80))),
        ("refunded with everything", TillAnswers.Refund(Card, "ret-2", new RefundResult(20, 5, 1, 80, Replayed: true)
        {
            BonusPointsReversed = 10, StampsReversed = new Dictionary<string, int> { ["coffee"] = 1 }, CouponsVoided = ["GIFT-1"],
        })),
        ("refund declined", TillAnswers.Refund(Card, "ret-3", new RefundResult(0, 0, 0, 0, new Decline(DeclineReason.UnknownReceipt, "no such receipt")))),
        ("enrolled", TillAnswers.Enrolled(Card, Summary("New Nora"))),
        ("balance", TillAnswers.Balance(Card, RichSummary())),
        ("feedback", new FeedbackAnswer(Card, 9, "fb-1")),
        ("coupon used", new CouponUsedAnswer(Card, "r-10", "WELCOME5: 5 off", 5.00m)),
        ("reward claimed", new RewardClaimedAnswer(Card, 500, 20, "MUG-7: a mug", Replayed: true)),
        ("queued", new QueuedAnswer(Card, "r-11", OutboxReplayer.SiloUnreachableMessage) { DeadLetters = 3 }),
        ("replayed sale", new ReplayedAnswer(CheckoutWithRedemption() with { Redemption = null }, Offline: false)),
        ("replayed sale refused", new ReplayedAnswer(TillAnswers.Decline("tillClockSkew", $"clock off (kept) ({OutboxReplayer.KeptAsDeadLetter})", Card) with
        {
            ReceiptId = "r-12",
        }, Offline: false)),
        ("replayed offline redemption", new ReplayedAnswer(TillAnswers.Redemption(Card, "r-13", new RedemptionResult(30, 0.30m, 0)), Offline: true)),
        ("replayed offline redemption refused", new ReplayedAnswer(TillAnswers.Decline("cardBlocked", "card blocked", Card) with { ReceiptId = "r-14" }, Offline: true)),
        ("reader ready", new ReaderAnswer(Ready: true, "PN532 on /dev/ttyUSB0")),
        ("reader lost", new ReaderAnswer(Ready: false, "port vanished")),
        ("silo connected", new SiloAnswer(Connected: true)),
        ("silo unreachable", new SiloAnswer(Connected: false)),
        ("dead letters counted", new DeadLettersAnswer(2, null)),
        ("dead letters none", new DeadLettersAnswer(0, [])),
        ("dead letters listed", new DeadLettersAnswer(1, [Letter()])),
    ];

    /// <summary>
    /// Answers the cashier and kiosk screens never show (feedback is thanked for, coupons and rewards are JSON operations,
    /// reader and silo changes have their own lines): their screen text is no contract.
    /// </summary>
    public static IReadOnlySet<string> NotOnScreen { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "feedback", "coupon used", "reward claimed", "reader ready", "reader lost", "silo connected", "silo unreachable",
    };

    /// <summary>Answers only the JSON session writes: a card read the silo did not answer is still announced as a card.</summary>
    public static IReadOnlyList<(string Name, DeskAnswer Answer)> JsonOnly { get; } =
    [
        ("card declined in the JSON session", TillAnswers.Decline(DeclineReasons.Offline, "The silo cannot be reached; only purchases are accepted offline.", Card)),
    ];

    private static CardInfo CardInfo(CardStatus status) => new(Card, status, status == CardStatus.Active ? "c-1" : null, null, null, At);

    private static CustomerSummary Summary(string name) => new("c-1", new CustomerProfile(name), At, [Card], 0, 0m, 0, null, null);

    // A customer with every optional part of the standing shown: tier, next tier, stamps, coupons, expiring and pending points.
    private static CustomerSummary RichSummary() => new("c-1", new CustomerProfile("Zoë O'Brien"), At, [Card], 1234, 567.89m, 17, At, At)
    {
        Tier = "Gold", NextTier = "Platinum", SpendToNextTier = 432.11m, PointsExpiringSoon = 40, PendingPoints = 25,
        Stamps = new Dictionary<string, int> { ["coffee"] = 3 }, Coupons = ["FREECOFFEE"],
    };

    // As IdentifyAsync answers a known card: its offline allowance, then the campaigns running now.
    private static KnownCardAnswer KnownCard() =>
        (KnownCardAnswer)TillAnswers.Card(Card, new CardIdentity(CardInfo(CardStatus.Active), RichSummary(), null))
        with { OfflineAllowance = 300 } with { Offers = ["Double points weekend"] };

    private static AccrualResult FullAccrual() => new(12, 1246, ["Gold"], Replayed: true)
    {
        Tier = "Gold", TierUpgraded = true, DiscountPercent = 5m, DiscountAmount = 0.63m, BonusPoints = 10, CampaignsApplied = ["Double points weekend"],
        Stamps = new Dictionary<string, int> { ["coffee"] = 4 },
        CouponsIssued = [new CouponInfo("FREECOFFEE2", CouponKind.FreeItem, "a free coffee", 3.20m, "c-1", "stamps", At, At.AddDays(30))],
        PendingUntil = At.AddDays(14),
    };

    private static AccruedAnswer CheckoutWithRedemption() => (AccruedAnswer)TillAnswers.Checkout(Card, "r-5", new CheckoutResult(CardInfo(CardStatus.Active),
        new AccrualResult(50, 1284, []) { Tier = "Silver" }, new RedemptionResult(20, 0.20m, 1264), RichSummary() with { Balance = 1264 }));

    // As LoyaltyDesk.RedeemOffline answers a redemption made under the card's offline allowance.
    private static OfflineRedeemedAnswer OfflineRedemption() => new(Card, "r-15", 100, 200,
        $"{LoyaltyDesk.OfflineRedemptionNotice}: 100 points, 200 of 300 left today at this till; the cluster books it when the till is back online");

    private static DeadLetterView Letter() => new("r-16", "2026-12-03", Card, 12.50m, At, "tillClockSkew", "clock off", At.AddMinutes(5), 1, 42, Reported: false);
}
