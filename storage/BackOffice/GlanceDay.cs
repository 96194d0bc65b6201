namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// One UTC day of the program: purchases made with a card, the points issued and redeemed (as the liability report counts
/// them, docs/liability.md), and the members who enrolled.
/// </summary>
public sealed record GlanceDay(DateOnly Day, long Purchases, long PointsIssued, long PointsRedeemed, long NewMembers);
