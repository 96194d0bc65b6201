namespace RetentionActors.Grains.Campaigns;

/// <summary>
/// Durable home of campaign budgets: per campaign, a constant-size row of counters, and one row per grant or release,
/// unique by campaign, kind and key. An entry and the counters it changed are written in one transaction.
/// </summary>
public interface ICampaignStore
{
    /// <summary>The campaign's counters; <see cref="StoredCampaign.None"/> when it never gave anything.</summary>
    Task<StoredCampaign> LoadAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>The amount of the entry recorded under <paramref name="kind"/> and <paramref name="key"/>; null when there is none.</summary>
    Task<long?> FindAsync(string campaignId, CampaignEntryKind kind, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="entry"/> and <paramref name="counters"/> as version <paramref name="expectedVersion"/> + 1, all
    /// or nothing, and returns null. When an entry of the same kind and key is recorded already, writes nothing and returns
    /// its amount. Refuses with <see cref="ConcurrentUpdateException"/> (nothing written) when the stored counters are no
    /// longer at <paramref name="expectedVersion"/>: another activation wrote them.
    /// </summary>
    Task<long?> RecordAsync(string campaignId, CampaignEntry entry, CampaignCounters counters, long expectedVersion, CancellationToken cancellationToken = default);
}
