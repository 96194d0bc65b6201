namespace RetentionActors.Contracts.Campaigns;

/// <summary>
/// A campaign's budget, keyed by campaign id: the one place that counts what was given, so the budget
/// holds whichever silo the purchases run on.
/// </summary>
[Alias("RetentionActors.Contracts.Campaigns.ICampaignGrain")]
public interface ICampaignGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes up to <paramref name="wanted"/> from a budget of <paramref name="budget"/> for the purchase
    /// <paramref name="receiptKey"/> and returns what was granted (0 when exhausted; all or nothing when
    /// <paramref name="allOrNothing"/>, as for a gift). The same receipt again gets the same grant.
    /// </summary>
    [Alias("ReserveAsync")]
    Task<long> ReserveAsync(string receiptKey, long wanted, long budget, bool allOrNothing);

    /// <summary>
    /// Gives back to the budget <paramref name="amount"/> that a return took back from a purchase (bonus
    /// points, or 1 for a gift whose coupon was voided), never more than was given. Once per
    /// <paramref name="releaseKey"/>: the same return retried releases nothing more. Returns what was released.
    /// </summary>
    [Alias("ReleaseAsync")]
    Task<long> ReleaseAsync(string releaseKey, long amount);

    [Alias("GetAsync")]
    Task<CampaignStatus> GetAsync(Program.CampaignSettings terms);
}
