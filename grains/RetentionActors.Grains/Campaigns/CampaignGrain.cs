using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Program;

namespace RetentionActors.Grains.Campaigns;

/// <summary>
/// Counts what a campaign has given. Every grant is durable before it is promised to a purchase, and
/// a purchase's grant is kept by its receipt, so a retried purchase is not granted twice. A return gives
/// back what it took from the customer, once per return.
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
        await WriteAsync(() =>
        {
            state.State.Given -= granted;
            state.State.Grants.Remove(receiptKey);
        });
        return granted;
    }

    async Task<long> ICampaignGrain.ReleaseAsync(string releaseKey, long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if (state.State.Releases.TryGetValue(releaseKey, out var earlier))
        {
            return earlier;
        }
        var released = Math.Min(amount, state.State.Given);
        state.State.Given -= released;
        state.State.Returned += released;
        state.State.Releases[releaseKey] = released;
        await WriteAsync(() =>
        {
            state.State.Given += released;
            state.State.Returned -= released;
            state.State.Releases.Remove(releaseKey);
        });
        return released;
    }

    Task<CampaignStatus> ICampaignGrain.GetAsync(CampaignSettings terms)
    {
        var remaining = Math.Max(0, Budget(terms) - state.State.Given);
        return Task.FromResult(new CampaignStatus(terms, state.State.Given, remaining, remaining > 0) { Returned = state.State.Returned });
    }

    // Storage may hold less than memory after a failed write: undo, and reload on the next call.
    private async Task WriteAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            DeactivateOnIdle();
            throw;
        }
    }

    private static long Budget(CampaignSettings terms) => terms.Kind == CampaignKind.Gift ? terms.GiftStock : terms.PointsBudget;
}

public sealed class CampaignState
{
    public long Given { get; set; }
    public Dictionary<string, long> Grants { get; set; } = [];

    /// <summary>What returns gave back in all, and what each gave (by return), so a retried return gives back once.</summary>
    public long Returned { get; set; }
    public Dictionary<string, long> Releases { get; set; } = [];
}
