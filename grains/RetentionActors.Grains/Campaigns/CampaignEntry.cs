namespace RetentionActors.Grains.Campaigns;

public enum CampaignEntryKind
{
    /// <summary>What a purchase took from the budget, keyed by customer and receipt.</summary>
    Grant = 1,

    /// <summary>What a return gave back to the budget, keyed by customer and return.</summary>
    Release = 2,
}

/// <summary>One grant or release, kept by its key so that the same purchase or return retried gets the same answer.</summary>
public sealed record CampaignEntry(CampaignEntryKind Kind, string Key, long Amount);
