using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Contracts.Cards;

/// <summary>
/// One loyalty card, keyed by its canonical <see cref="CardId"/> string. Tills talk to the card;
/// the card checks it is usable and hands points work to its customer's grain.
/// </summary>
[Alias("RetentionActors.Contracts.Cards.ILoyaltyCardGrain")]
public interface ILoyaltyCardGrain : IGrainWithStringKey
{
    /// <summary>The card's status and link.</summary>
    [Alias("GetAsync")]
    Task<CardInfo> GetAsync();

    /// <summary>The card and, when it is active, its customer's summary; a blocked, replaced or unknown card is declined with the reason.</summary>
    [Alias("IdentifyAsync")]
    Task<CardIdentity> IdentifyAsync();

    /// <summary>Links an unissued card to an enrolled customer. Linking again to the same customer changes nothing.</summary>
    [Alias("LinkAsync")]
    Task<CardResult> LinkAsync(string customerId);

    /// <summary>Blocks a lost or stolen card: it refuses earning and redemption from now on.</summary>
    [Alias("BlockAsync")]
    Task<CardResult> BlockAsync(string reason);

    /// <summary>Moves this card's link to <paramref name="newCardId"/>, an unissued card; this card is then refused with a pointer to its successor.</summary>
    [Alias("ReplaceAsync")]
    Task<CardResult> ReplaceAsync(string newCardId);

    /// <summary>Earns points for a purchase on this card's customer. Declined when the card is not active.</summary>
    [Alias("EarnAsync")]
    Task<AccrualResult> EarnAsync(Purchase purchase);

    /// <summary>Redeems points for this card's customer. Declined when the card is not active.</summary>
    [Alias("RedeemAsync")]
    Task<RedemptionResult> RedeemAsync(Redemption redemption);

    /// <summary>
    /// Reverses the points of a returned purchase. Also accepted on a blocked or replaced card that was
    /// linked: a refund only takes points back, and the money went back to the same customer.
    /// </summary>
    [Alias("RefundAsync")]
    Task<RefundResult> RefundAsync(Refund refund);
}
