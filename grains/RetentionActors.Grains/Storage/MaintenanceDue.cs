namespace RetentionActors.Grains.Storage;

/// <summary>
/// What the maintenance sweeps look for in a customer, written with the customer's state in the same transaction so
/// the store can say who is due without reading customers one by one: when the soonest unspent points expire, when the
/// tier is next reviewed, and the birthday (month × 100 + day) whose bonus week the sweep checks. Whether the program
/// reviews tiers or gives a birthday bonus at all is the sweep's question, asked of the rules in force when it runs.
/// </summary>
public sealed record MaintenanceDue(DateTimeOffset? PointsExpireAt, DateTimeOffset? TierReviewAt, int? Birthday)
{
    /// <summary>Nothing will ever be due (also what a customer without a stored row has).</summary>
    public static readonly MaintenanceDue Nothing = new(null, null, null);

    /// <summary>How a birthday is stored: 8 June is 608.</summary>
    public static int? BirthdayKey(DateOnly? birthday) => birthday is { } day ? day.Month * 100 + day.Day : null;
}
