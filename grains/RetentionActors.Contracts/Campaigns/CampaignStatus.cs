namespace RetentionActors.Contracts.Campaigns;

/// <summary>A campaign's terms and what is left of its budget; tills and kiosks read this.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Campaigns.CampaignStatus")]
public sealed record CampaignStatus(
    [property: Id(0)] Program.CampaignSettings Terms,
    [property: Id(1)] long Given,
    [property: Id(2)] long Remaining,
    [property: Id(3)] bool Open)
{
    /// <summary>What returns gave back to the budget (already taken off <see cref="Given"/>).</summary>
    [Id(4)]
    public long Returned { get; init; }
}
