namespace RetentionActors.Contracts.Customers;

/// <summary>A customer as tills and the back office see them: profile, cards and the running totals of the ledger.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Customers.CustomerSummary")]
public sealed record CustomerSummary(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] CustomerProfile Profile,
    [property: Id(2)] DateTimeOffset EnrolledAt,
    [property: Id(3)] IReadOnlyList<string> Cards,
    [property: Id(4)] long Balance,
    [property: Id(5)] decimal LifetimeSpend,
    [property: Id(6)] int VisitCount,
    [property: Id(7)] DateTimeOffset? FirstPurchaseAt,
    [property: Id(8)] DateTimeOffset? LastPurchaseAt)
{
    /// <summary>The tier the customer holds, the next one up, and the rolling 12-month spend still needed for it.</summary>
    [Id(9)]
    public string? Tier { get; init; }

    [Id(10)]
    public string? NextTier { get; init; }

    [Id(11)]
    public decimal? SpendToNextTier { get; init; }

    /// <summary>When the tier is next reviewed; only a review can lower it.</summary>
    [Id(12)]
    public DateTimeOffset? TierReviewAt { get; init; }

    /// <summary>Points that expire within the next 30 days.</summary>
    [Id(13)]
    public long PointsExpiringSoon { get; init; }

    /// <summary>Of <see cref="Balance"/>, the points still pending (not yet spendable).</summary>
    [Id(14)]
    public long PendingPoints { get; init; }

    /// <summary>Stamps on each stamp card.</summary>
    [Id(15)]
    public IReadOnlyDictionary<string, int> Stamps { get; init; } = new Dictionary<string, int>();

    /// <summary>Codes of the coupons issued to the customer.</summary>
    [Id(16)]
    public IReadOnlyList<string> Coupons { get; init; } = [];

    /// <summary>The code a friend enrolls with so that both get the referral bonus.</summary>
    [Id(17)]
    public string? ReferralCode { get; init; }

    /// <summary>Velocity-limit breaches (time and rule), the most recent 50, for the back office.</summary>
    [Id(18)]
    public IReadOnlyList<string> LimitBreaches { get; init; } = [];

    /// <summary>The customer's recommendation answers (0–10), oldest first.</summary>
    [Id(19)]
    public IReadOnlyList<Feedback> Feedback { get; init; } = [];

    /// <summary>Points owed from offline redemptions the balance could not cover; taken from the next points earned.</summary>
    [Id(20)]
    public long Debt { get; init; }

    /// <summary>
    /// What a till or kiosk is shown: the name the cashier greets, points, tier, stamps and coupons — not the
    /// e-mail, phone, birthday, recommendation answers or limit breaches, which only the back office needs.
    /// </summary>
    public CustomerSummary ForTerminal() => this with
    {
        Profile = new CustomerProfile(Profile.DisplayName, MarketingConsent: Profile.MarketingConsent),
        LimitBreaches = [],
        Feedback = [],
    };

    // Records compare lists by reference; two summaries are equal when their contents are.
    public bool Equals(CustomerSummary? other) =>
        other is not null
        && (CustomerId, Profile, EnrolledAt, Balance, LifetimeSpend, VisitCount, FirstPurchaseAt, LastPurchaseAt)
            == (other.CustomerId, other.Profile, other.EnrolledAt, other.Balance, other.LifetimeSpend, other.VisitCount, other.FirstPurchaseAt, other.LastPurchaseAt)
        && (Tier, NextTier, SpendToNextTier, TierReviewAt, PointsExpiringSoon)
            == (other.Tier, other.NextTier, other.SpendToNextTier, other.TierReviewAt, other.PointsExpiringSoon)
        && (PendingPoints, ReferralCode, Debt) == (other.PendingPoints, other.ReferralCode, other.Debt) && Coupons.SequenceEqual(other.Coupons) && LimitBreaches.SequenceEqual(other.LimitBreaches) && Feedback.SequenceEqual(other.Feedback)
        && Stamps.Count == other.Stamps.Count && Stamps.All(s => other.Stamps.TryGetValue(s.Key, out var n) && n == s.Value)
        && Cards.SequenceEqual(other.Cards);

    public override int GetHashCode() => HashCode.Combine(CustomerId, Balance, VisitCount, Cards.Count);
}
