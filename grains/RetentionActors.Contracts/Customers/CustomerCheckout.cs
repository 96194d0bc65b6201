using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Contracts.Customers;

/// <summary>
/// What a customer answers to a checkout: the accrual, the redemption when one was asked for and the purchase was
/// accepted, and the summary after both (null when the purchase was declined).
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Customers.CustomerCheckout")]
public sealed record CustomerCheckout(
    [property: Id(0)] AccrualResult Accrual,
    [property: Id(1)] RedemptionResult? Redemption,
    [property: Id(2)] CustomerSummary? Customer);
