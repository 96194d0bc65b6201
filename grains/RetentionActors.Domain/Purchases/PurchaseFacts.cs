using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Tiers;

namespace RetentionActors.Domain.Purchases;

/// <summary>A sale as the till sent it: where and when, its total, and its lines.</summary>
public sealed record PurchaseFacts(TillReference Till, decimal Amount, IReadOnlyList<PurchaseItem> Lines)
{
    public string Receipt => EntryKeys.Receipt(Till);
}

/// <summary>One receipt line: <see cref="Amount"/> is what it cost after line discounts.</summary>
public sealed record PurchaseItem(string Sku, string? Category, decimal Quantity, decimal Amount);

/// <summary>
/// What the customer's document holds that a purchase reads: the tier held, the stamps on each card, the campaign groups
/// drawn so far, and whether a referral's friend bonus is still owed (referred, not yet given).
/// </summary>
public sealed record CustomerStanding(
    TierStanding? Tier,
    IReadOnlyDictionary<string, int> Stamps,
    IReadOnlyDictionary<string, bool> CampaignGroups,
    bool FriendBonusOwed);
