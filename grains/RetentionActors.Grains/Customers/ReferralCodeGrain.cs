using RetentionActors.Contracts.Customers;

namespace RetentionActors.Grains.Customers;

/// <summary>Which customer a referral code belongs to.</summary>
[GrainType("referral-code")]
public sealed class ReferralCodeGrain([PersistentState("referral", StorageNames.Loyalty)] IPersistentState<ReferralCodeState> state)
    : Grain, IReferralCodeGrain
{
    async Task IReferralCodeGrain.BindAsync(string customerId)
    {
        if (state.State.CustomerId == customerId)
        {
            return;
        }
        if (state.State.CustomerId is not null)
        {
            throw new InvalidOperationException($"Referral code {this.GetPrimaryKeyString()} already belongs to another customer.");
        }
        state.State.CustomerId = customerId;
        await state.WriteStateAsync();
    }

    Task<string?> IReferralCodeGrain.GetCustomerAsync() => Task.FromResult(state.State.CustomerId);
}

public sealed class ReferralCodeState
{
    public string? CustomerId { get; set; }
}
