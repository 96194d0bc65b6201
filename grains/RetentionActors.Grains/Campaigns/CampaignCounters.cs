namespace RetentionActors.Grains.Campaigns;

/// <summary>
/// A campaign's stored state: what it has given (net of returns) and what returns gave back. Constant in size: each
/// grant and release is a <see cref="CampaignEntry"/> of its own, recorded with the counters it changed.
/// </summary>
public sealed record CampaignCounters(long Given, long Returned)
{
    public static readonly CampaignCounters None = new(0, 0);
}
