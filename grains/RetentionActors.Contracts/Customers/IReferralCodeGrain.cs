namespace RetentionActors.Contracts.Customers;

/// <summary>Resolves a referral code to the customer it belongs to; keyed by the code.</summary>
[Alias("RetentionActors.Contracts.Customers.IReferralCodeGrain")]
public interface IReferralCodeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Makes the code <paramref name="customerId"/>'s unless another customer holds it: true when it is theirs (now or
    /// already), false when it is another's. Claiming it again for the same customer changes nothing.
    /// </summary>
    [Alias("ClaimAsync")]
    Task<bool> ClaimAsync(string customerId);

    [Alias("GetCustomerAsync")]
    Task<string?> GetCustomerAsync();
}
