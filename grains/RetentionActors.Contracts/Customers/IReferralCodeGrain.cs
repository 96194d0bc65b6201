namespace RetentionActors.Contracts.Customers;

/// <summary>Resolves a referral code to the customer it belongs to; keyed by the code.</summary>
[Alias("RetentionActors.Contracts.Customers.IReferralCodeGrain")]
public interface IReferralCodeGrain : IGrainWithStringKey
{
    /// <summary>Binds the code to its customer; binding it again to the same customer changes nothing.</summary>
    [Alias("BindAsync")]
    Task BindAsync(string customerId);

    [Alias("GetCustomerAsync")]
    Task<string?> GetCustomerAsync();
}
