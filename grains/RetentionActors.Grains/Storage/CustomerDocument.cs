using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Tiers;

namespace RetentionActors.Grains.Storage;

/// <summary>The non-ledger part of a customer. <see cref="Version"/> starts at 1 and rises by one per write.</summary>
public sealed record CustomerDocument(CustomerProfile Profile, DateTimeOffset EnrolledAt, IReadOnlyList<string> Cards, int Version)
{
    /// <summary>The tier held, when the program has tiers.</summary>
    public TierStanding? Tier { get; init; }

    /// <summary>Stamps held on each stamp card.</summary>
    public IReadOnlyDictionary<string, int> Stamps { get; init; } = new Dictionary<string, int>();

    /// <summary>Codes of coupons issued to the customer.</summary>
    public IReadOnlyList<string> Coupons { get; init; } = [];

    /// <summary>The customer who referred this one; cleared once both referral bonuses are given.</summary>
    public string? ReferredBy { get; init; }

    /// <summary>The friend's half of the referral bonus was given (the referrer's half may still be on its way).</summary>
    public bool FriendBonusGiven { get; init; }

    /// <summary>Recommendation answers (0–10), oldest first.</summary>
    public IReadOnlyList<Feedback> Feedback { get; init; } = [];

    /// <summary>
    /// The customer's referral code when it is not the first of <c>Codes.ReferralCandidates</c> (another customer held that
    /// one when they enrolled); null for everyone else, and for every customer enrolled before codes could differ.
    /// </summary>
    public string? ReferralCode { get; init; }

    /// <summary>The terminal's id for the sign-up that created this customer, so a retried enrollment finds them.</summary>
    public string? EnrollmentId { get; init; }

    /// <summary>Velocity-limit breaches, newest last (the last 50), for the back office.</summary>
    public IReadOnlyList<string> LimitBreaches { get; init; } = [];

    /// <summary>
    /// The customer's group in each campaign with a holdout that reached them (campaign id → held out), kept so a later
    /// change of the campaign's holdout percentage does not move them.
    /// </summary>
    public IReadOnlyDictionary<string, bool> CampaignGroups { get; init; } = new Dictionary<string, bool>();
}
