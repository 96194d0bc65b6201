namespace RetentionActors.Domain.Mechanics;

/// <summary>What a campaign's budget (points, or gifts in stock) gives a purchase and takes back from a return.</summary>
public static class CampaignBudget
{
    /// <summary>
    /// What a purchase that wants <paramref name="wanted"/> gets when <paramref name="given"/> of <paramref name="budget"/>
    /// is already given: as much as is left, up to what it wants; for a gift (<paramref name="allOrNothing"/>) all of it
    /// or nothing. Never negative, never past the budget.
    /// </summary>
    public static long Grant(long budget, long given, long wanted, bool allOrNothing)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wanted);
        var left = budget - given;
        return allOrNothing ? (left >= wanted ? wanted : 0) : Math.Clamp(left, 0, wanted);
    }

    /// <summary>What a return that took back <paramref name="amount"/> gives back to the budget: never more than was given.</summary>
    public static long Release(long given, long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        return Math.Min(amount, Math.Max(given, 0));
    }
}
