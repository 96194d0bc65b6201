using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Program;
using RetentionActors.Domain.Mechanics;

namespace RetentionActors.Grains.Campaigns;

/// <summary>
/// Counts what a campaign has given. Every grant is durable before it is promised to a purchase, and is recorded by
/// its receipt, so a retried purchase is not granted twice. A return gives back what it took from the customer, once per
/// return. The grain holds only the counters: grants and releases are rows of the <see cref="ICampaignStore"/>, written
/// with the counters they change, so a campaign's write costs the same on its millionth purchase as on its first.
/// </summary>
[GrainType("campaign")]
public sealed class CampaignGrain(ICampaignStore store) : Grain, ICampaignGrain
{
    private StoredCampaign _stored = StoredCampaign.None;

    private string CampaignId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _stored = await store.LoadAsync(CampaignId, cancellationToken);

    async Task<long> ICampaignGrain.ReserveAsync(string receiptKey, long wanted, long budget, bool allOrNothing)
    {
        var counters = _stored.Counters;
        var granted = CampaignBudget.Grant(budget, counters.Given, wanted, allOrNothing);
        if (granted == 0)
        {
            // Nothing left to take; a purchase granted earlier and sent again still gets what it was granted.
            return await store.FindAsync(CampaignId, CampaignEntryKind.Grant, receiptKey) ?? 0;
        }
        var earlier = await RecordAsync(new CampaignEntry(CampaignEntryKind.Grant, receiptKey, granted), counters with { Given = counters.Given + granted });
        return earlier ?? granted;
    }

    async Task<long> ICampaignGrain.ReleaseAsync(string releaseKey, long amount)
    {
        var counters = _stored.Counters;
        var released = CampaignBudget.Release(counters.Given, amount);
        var next = new CampaignCounters(counters.Given - released, counters.Returned + released);
        var earlier = await RecordAsync(new CampaignEntry(CampaignEntryKind.Release, releaseKey, released), next);
        return earlier ?? released;
    }

    Task<CampaignStatus> ICampaignGrain.GetAsync(CampaignSettings terms)
    {
        var counters = _stored.Counters;
        var remaining = Math.Max(0, Budget(terms) - counters.Given);
        return Task.FromResult(new CampaignStatus(terms, counters.Given, remaining, remaining > 0) { Returned = counters.Returned });
    }

    // The earlier amount when the entry's key was recorded before (then nothing changed), else null.
    private async Task<long?> RecordAsync(CampaignEntry entry, CampaignCounters next)
    {
        long? earlier;
        try
        {
            earlier = await store.RecordAsync(CampaignId, entry, next, _stored.Version);
        }
        catch
        {
            // Storage may hold more than memory (another activation's write, or a commit whose answer was lost): reload.
            DeactivateOnIdle();
            throw;
        }
        if (earlier is null)
        {
            _stored = new StoredCampaign(next, _stored.Version + 1);
        }
        return earlier;
    }

    private static long Budget(CampaignSettings terms) => terms.Kind == CampaignKind.Gift ? terms.GiftStock : terms.PointsBudget;
}
