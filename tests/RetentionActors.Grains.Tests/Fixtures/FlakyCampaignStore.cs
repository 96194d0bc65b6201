using RetentionActors.Grains.Campaigns;

namespace RetentionActors.Grains.Tests.Fixtures;

/// <summary>
/// The campaign store with the database going away at the worst moments of one grant: before it is written (nothing
/// done), or after it committed with the answer lost on the way back. Both answer <see cref="StoreUnavailableException"/>.
/// </summary>
public sealed class FlakyCampaignStore(ICampaignStore store) : ICampaignStore
{
    private volatile bool _refuseNext;
    private volatile bool _loseNextAnswer;

    public void RefuseNext() => _refuseNext = true;

    public void LoseNextAnswer() => _loseNextAnswer = true;

    public Task<StoredCampaign> LoadAsync(string campaignId, CancellationToken cancellationToken = default) => store.LoadAsync(campaignId, cancellationToken);

    public Task<long?> FindAsync(string campaignId, CampaignEntryKind kind, string key, CancellationToken cancellationToken = default) =>
        store.FindAsync(campaignId, kind, key, cancellationToken);

    public async Task<long?> RecordAsync(string campaignId, CampaignEntry entry, CampaignCounters counters, long expectedVersion, CancellationToken cancellationToken = default)
    {
        if (_refuseNext)
        {
            _refuseNext = false;
            throw new StoreUnavailableException();
        }
        var earlier = await store.RecordAsync(campaignId, entry, counters, expectedVersion, cancellationToken);
        if (_loseNextAnswer)
        {
            _loseNextAnswer = false;
            throw new StoreUnavailableException();
        }
        return earlier;
    }
}
