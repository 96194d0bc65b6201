using RetentionActors.Contracts.Customers;

namespace RetentionActors.Grains.Customers;

/// <summary>Which customer a referral code belongs to.</summary>
[GrainType("referral-code")]
public sealed class ReferralCodeGrain([PersistentState("referral", StorageNames.Loyalty)] IPersistentState<ReferralCodeState> state)
    : Grain, IReferralCodeGrain
{
    async Task<bool> IReferralCodeGrain.ClaimAsync(string customerId)
    {
        if (state.State.CustomerId is { } holder)
        {
            return holder == customerId;
        }
        state.State.CustomerId = customerId;
        await state.WriteStateAsync();
        return true;
    }

    Task<string?> IReferralCodeGrain.GetCustomerAsync() => Task.FromResult(state.State.CustomerId);
}

public sealed class ReferralCodeState
{
    public string? CustomerId { get; set; }
}
