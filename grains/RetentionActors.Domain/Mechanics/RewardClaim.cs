using RetentionActors.Domain.Ledger;

namespace RetentionActors.Domain.Mechanics;

/// <summary>
/// A catalogue reward bought with points: the <see cref="Reward"/> (null when the catalogue has no such id) and what the
/// ledger writes for it, a redemption of its price at the program's value per point under the claim's reference.
/// </summary>
public sealed record RewardClaim(RewardRule? Reward, Decision? Decision)
{
    /// <summary>The operation key a claim is done once under: a retried claim with the same reference gets the first answer.</summary>
    public static string Key(string reference) => $"reward/{reference}";

    public static RewardClaim Decide(ProgramRules rules, PointsAccount account, string rewardId, string reference, DateTimeOffset now, LotTiming timing)
    {
        if (rules.Mechanics.Rewards.FirstOrDefault(r => r.Id == rewardId) is not { } reward)
        {
            return new RewardClaim(null, null);
        }
        var till = new TillReference("rewards", "catalogue", reference, null, now);
        return new RewardClaim(reward, account.Redeem(till, reward.PointsCost, reward.PointsCost * rules.RedemptionValuePerPoint, now, timing));
    }
}
