namespace RetentionActors.Contracts.Customers;

/// <summary>
/// What every caller of a customer may do, whatever its role: read the summary. The customer grain's roles
/// (<see cref="ICustomerTillGrain"/>, <see cref="ICustomerCareGrain"/>, <see cref="ICustomerClusterGrain"/>)
/// all extend it; a caller that only reads asks for this one.
/// </summary>
[Alias("RetentionActors.Contracts.Customers.ICustomerSummaryGrain")]
public interface ICustomerSummaryGrain : IGrainWithStringKey
{
    /// <summary>The customer's profile, cards and totals; null when not enrolled.</summary>
    [Alias("GetAsync")]
    Task<CustomerSummary?> GetAsync();
}
