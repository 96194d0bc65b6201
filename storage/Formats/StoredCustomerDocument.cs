using System.Text.Json.Serialization;
using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Tiers;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Storage.Formats;

/// <summary>The stored customer document (<c>customers.document</c>), mapped to and from <see cref="CustomerDocument"/>.</summary>
internal sealed record StoredCustomerDocument : StoredRecord
{
    [JsonPropertyName("profile")] public StoredProfile Profile { get; init; } = new();
    [JsonPropertyName("enrolledAt")] public DateTimeOffset EnrolledAt { get; init; }
    [JsonPropertyName("cards")] public List<string> Cards { get; init; } = [];
    // The document's own version (one per write), not the format's.
    [JsonPropertyName("version")] public int Version { get; init; }
    [JsonPropertyName("tier")] public StoredTier? Tier { get; init; }
    [JsonPropertyName("stamps")] public Dictionary<string, int> Stamps { get; init; } = [];
    [JsonPropertyName("coupons")] public List<string> Coupons { get; init; } = [];
    [JsonPropertyName("referredBy")] public string? ReferredBy { get; init; }
    [JsonPropertyName("friendBonusGiven")] public bool FriendBonusGiven { get; init; }
    [JsonPropertyName("feedback")] public List<StoredFeedback> Feedback { get; init; } = [];
    [JsonPropertyName("enrollmentId")] public string? EnrollmentId { get; init; }
    // Absent in documents written before codes could differ, and whenever the code is the customer's first candidate.
    [JsonPropertyName("referralCode")] public string? ReferralCode { get; init; }
    [JsonPropertyName("limitBreaches")] public List<string> LimitBreaches { get; init; } = [];
    [JsonPropertyName("campaignGroups")] public Dictionary<string, bool> CampaignGroups { get; init; } = [];

    public static StoredCustomerDocument From(CustomerDocument d) => new()
    {
        Profile = StoredProfile.From(d.Profile),
        EnrolledAt = d.EnrolledAt,
        Cards = [.. d.Cards],
        Version = d.Version,
        Tier = d.Tier is null ? null : new StoredTier { Tier = d.Tier.Tier, Since = d.Tier.Since, ReviewAt = d.Tier.ReviewAt },
        Stamps = new(d.Stamps),
        Coupons = [.. d.Coupons],
        ReferredBy = d.ReferredBy,
        FriendBonusGiven = d.FriendBonusGiven,
        Feedback = [.. d.Feedback.Select(f => new StoredFeedback { Reference = f.Reference, Score = f.Score, At = f.At, StoreId = f.StoreId })],
        EnrollmentId = d.EnrollmentId,
        ReferralCode = d.ReferralCode,
        LimitBreaches = [.. d.LimitBreaches],
        CampaignGroups = new(d.CampaignGroups),
    };

    public CustomerDocument ToDocument() => new(Profile.ToWire(), EnrolledAt, Cards, Version)
    {
        Tier = Tier is null ? null : new TierStanding(Tier.Tier, Tier.Since, Tier.ReviewAt),
        Stamps = Stamps,
        Coupons = Coupons,
        ReferredBy = ReferredBy,
        FriendBonusGiven = FriendBonusGiven,
        Feedback = [.. Feedback.Select(f => new Feedback(f.Reference, f.Score, f.At, f.StoreId))],
        EnrollmentId = EnrollmentId,
        ReferralCode = ReferralCode,
        LimitBreaches = LimitBreaches,
        CampaignGroups = CampaignGroups,
    };
}

/// <summary>The <see cref="CustomerProfile"/> in a stored document.</summary>
internal sealed record StoredProfile
{
    [JsonPropertyName("displayName")] public string DisplayName { get; init; } = "";
    [JsonPropertyName("email")] public string? Email { get; init; }
    [JsonPropertyName("phone")] public string? Phone { get; init; }
    [JsonPropertyName("birthday")] public DateOnly? Birthday { get; init; }
    [JsonPropertyName("marketingConsent")] public bool MarketingConsent { get; init; }

    public static StoredProfile From(CustomerProfile p) => new()
    {
        DisplayName = p.DisplayName,
        Email = p.Email,
        Phone = p.Phone,
        Birthday = p.Birthday,
        MarketingConsent = p.MarketingConsent,
    };

    public CustomerProfile ToWire() => new(DisplayName, Email, Phone, Birthday, MarketingConsent);
}

/// <summary>The <see cref="TierStanding"/> in a stored document.</summary>
internal sealed record StoredTier
{
    [JsonPropertyName("tier")] public string Tier { get; init; } = "";
    [JsonPropertyName("since")] public DateTimeOffset Since { get; init; }
    [JsonPropertyName("reviewAt")] public DateTimeOffset ReviewAt { get; init; }
}

/// <summary>A recommendation answer (<see cref="Feedback"/>) in a stored document.</summary>
internal sealed record StoredFeedback
{
    [JsonPropertyName("reference")] public string Reference { get; init; } = "";
    [JsonPropertyName("score")] public int Score { get; init; }
    [JsonPropertyName("at")] public DateTimeOffset At { get; init; }
    [JsonPropertyName("storeId")] public string? StoreId { get; init; }
}
