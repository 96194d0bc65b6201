using RetentionActors.Domain.Ledger;

namespace RetentionActors.Domain.Mechanics;

/// <summary>
/// What a till may let a card redeem while it is offline: up to the program's daily limit of the points spendable now,
/// net of debt, valid for the program's allowance hours; or why nothing (<see cref="Refused"/>).
/// </summary>
public sealed record OfflineGrant(long Points, DateTimeOffset ValidUntil, string? Refused)
{
    public static OfflineGrant Decide(string customerId, Mechanics mechanics, PointsAccount account, DateTimeOffset now, LotTiming timing)
    {
        if (mechanics.OfflineRedemptionDailyLimit <= 0)
        {
            return new OfflineGrant(0, now, "The program allows no redemption while a till is offline.");
        }
        var points = account.OfflineAllowance(mechanics.OfflineRedemptionDailyLimit, now, timing);
        return points <= 0
            ? new OfflineGrant(0, now, $"Customer {customerId} has no spendable points to redeem offline.")
            : new OfflineGrant(points, now.AddHours(mechanics.OfflineAllowanceHours), null);
    }
}
