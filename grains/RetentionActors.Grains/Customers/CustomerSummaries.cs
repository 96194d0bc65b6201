using RetentionActors.Contracts.Customers;
using RetentionActors.Domain;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

/// <summary>A customer as the back office and the tills see them: document and account, with the tier progress and points due soon at <c>now</c>.</summary>
internal static class CustomerSummaries
{
    public static CustomerSummary Of(string customerId, CustomerDocument document, PointsAccount account, ProgramHistory program, DateTimeOffset now)
    {
        var (tier, next, spendToNext) = program.Current.Tiers.Progress(document.Tier, account.RollingSpend(now));
        return new CustomerSummary(customerId, document.Profile, document.EnrolledAt, document.Cards, account.Balance,
            account.LifetimeSpend, account.VisitCount, account.FirstPurchaseAt, account.LastPurchaseAt)
        {
            Tier = tier?.Name,
            NextTier = next?.Name,
            SpendToNextTier = spendToNext,
            TierReviewAt = document.Tier?.ReviewAt,
            PointsExpiringSoon = account.ExpiringBetween(now, now.AddDays(30), program.Timing),
            PendingPoints = account.Pending(now, program.Timing),
            Stamps = document.Stamps,
            Coupons = document.Coupons,
            ReferralCode = document.ReferralCode ?? Codes.Referral(customerId),
            LimitBreaches = document.LimitBreaches,
            Feedback = document.Feedback,
            Debt = account.Debt,
        };
    }
}
