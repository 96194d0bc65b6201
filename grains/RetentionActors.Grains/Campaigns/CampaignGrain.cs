using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Program;

namespace RetentionActors.Grains.Campaigns;

/// <summary>
/// Counts what a campaign has given. Every grant is durable before it is promised to a purchase, and
/// a purchase's grant is kept by its receipt, so a retried purchase is not granted twice.
/// </summary>
[GrainType("campaign")]
public sealed class CampaignGrain([PersistentState("campaign", StorageNames.Loyalty)] IPersistentState<CampaignState> state)
    : Grain, ICampaignGrain
{
    async Task<long> ICampaignGrain.ReserveAsync(string receiptKey, long wanted, long budget, bool allOrNothing)
    {
        if (state.State.Grants.TryGetValue(receiptKey, out var earlier))
        {
            return earlier;
        }
        var left = budget - state.State.Given;
        var granted = allOrNothing ? (left >= wanted ? wanted : 0) : Math.Clamp(left, 0, wanted);
        if (granted == 0)
        {
            return 0;
        }
        state.State.Given += granted;
        state.State.Grants[receiptKey] = granted;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        return granted;
    }

    Task<CampaignStatus> ICampaignGrain.GetAsync(CampaignSettings terms)
    {
        var remaining = Math.Max(0, Budget(terms) - state.State.Given);
        return Task.FromResult(new CampaignStatus(terms, state.State.Given, remaining, remaining > 0));
    }

    private static long Budget(CampaignSettings terms) => terms.Kind == CampaignKind.Gift ? terms.GiftStock : terms.PointsBudget;
}

public sealed class CampaignState
{
    public long Given { get; set; }
    public Dictionary<string, long> Grants { get; set; } = [];
}
