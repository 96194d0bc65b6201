namespace RetentionActors.Grains.Campaigns;

/// <summary>A campaign's counters as stored, and their version: 0 before the first write, one more per write.</summary>
public sealed record StoredCampaign(CampaignCounters Counters, long Version)
{
    public static readonly StoredCampaign None = new(CampaignCounters.None, 0);
}
