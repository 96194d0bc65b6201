namespace RetentionActors.Storage.Analytics;

/// <summary>
/// The points side of the liability as of an instant (the ledger's entries that occurred before it), and the movements of
/// the 12 months before it. <see cref="Outstanding"/> is every customer's balance added up; <see cref="Pending"/> the part
/// of it in purchase lots still inside their return window; redeemed, expired and reversed are positive numbers of points
/// taken out. Outstanding at the end = outstanding 12 months before + issued − redeemed − expired − reversed.
/// </summary>
public sealed record LiabilityPoints(DateTimeOffset At, long Outstanding, long Pending, long Issued, long Redeemed, long Expired, long Reversed)
{
    public long Spendable => Outstanding - Pending;
}
