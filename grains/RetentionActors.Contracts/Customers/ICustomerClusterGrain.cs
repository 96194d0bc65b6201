using RetentionActors.Contracts.Cards;

namespace RetentionActors.Contracts.Customers;

/// <summary>
/// What the cluster's other grains tell a customer: a card grain that the card is now (or no longer) theirs, a
/// friend's customer grain that a referral is earned, a maintenance sweep that something is due. All idempotent.
/// </summary>
[Alias("RetentionActors.Contracts.Customers.ICustomerClusterGrain")]
public interface ICustomerClusterGrain : ICustomerSummaryGrain
{
    /// <summary>Records that a card now belongs to this customer (called by the card grain; idempotent).</summary>
    [Alias("AttachCardAsync")]
    Task AttachCardAsync(CardId cardId);

    /// <summary>Records that a card no longer belongs to this customer (called by the card grain; idempotent).</summary>
    [Alias("DetachCardAsync")]
    Task DetachCardAsync(CardId cardId);

    /// <summary>Gives the referrer bonus for a friend's first qualifying purchase (called by the friend's grain; once per friend).</summary>
    [Alias("AwardReferralAsync")]
    Task AwardReferralAsync(string friendCustomerId);

    /// <summary>
    /// Expires points past their date, reviews the tier and gives the birthday bonus when due. A maintenance
    /// sweep runs it when the store says something is due. Running it again changes nothing.
    /// </summary>
    [Alias("RunMaintenanceAsync")]
    Task RunMaintenanceAsync();
}
