using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Contracts.Cards;

/// <summary>
/// The answer to a till's checkout: the card, what the purchase earned, what the till asked to redeem, and the
/// customer as a till sees them afterwards (balance, tier, stamps, coupons). A card that is not usable or a purchase
/// that is declined leaves <see cref="Accrual"/> declined, <see cref="Redemption"/> and <see cref="Customer"/> null.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Cards.CheckoutResult")]
public sealed record CheckoutResult(
    [property: Id(0)] CardInfo Card,
    [property: Id(1)] AccrualResult Accrual,
    [property: Id(2)] RedemptionResult? Redemption,
    [property: Id(3)] CustomerSummary? Customer)
{
    public bool IsAccepted => Accrual.IsAccepted;

    public Decline? Declined => Accrual.Declined;
}
