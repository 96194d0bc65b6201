namespace RetentionActors.Domain.Mechanics;

/// <summary>Who a referral bonus is for: never the same person under a second id, and the friend once, on a large enough purchase.</summary>
public static class Referral
{
    /// <summary>The reason the friend's half of a referral bonus is booked under.</summary>
    public const string FriendBonusReason = "referral-friend";

    /// <summary>The operation key of the referrer's half for <paramref name="friendCustomerId"/>: given once per friend.</summary>
    public static string AwardKey(string friendCustomerId) => $"referral/{friendCustomerId}";

    /// <summary>
    /// Whether a new customer and the owner of the referral code they gave are the same person: the same e-mail (in any
    /// case) or the same phone. Values a customer left out match nothing.
    /// </summary>
    public static bool IsSamePerson(string? email, string? phone, string? referrerEmail, string? referrerPhone) =>
        (email is not null && string.Equals(email, referrerEmail, StringComparison.OrdinalIgnoreCase))
        || (phone is not null && phone == referrerPhone);

    /// <summary>
    /// Whether a purchase completes a referral: the customer was referred and has not had the bonus (<paramref name="owed"/>),
    /// the program gives one to either side, and the purchase reaches the referral minimum.
    /// </summary>
    public static bool FriendBonusDue(Mechanics mechanics, bool owed, decimal amount) =>
        owed && mechanics.FriendBonus + mechanics.ReferrerBonus > 0 && amount >= mechanics.ReferralMinimumPurchase;
}
