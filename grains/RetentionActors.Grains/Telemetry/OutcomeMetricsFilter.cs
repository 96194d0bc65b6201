using Orleans.Runtime;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Grains.Telemetry;

/// <summary>
/// Counts accruals, redemptions and declines (<see cref="RetentionMetrics"/>) from the answers grains give, in one place
/// rather than at each of the many places that decline. Only the answer to the first call of a request is counted —
/// the call a client made (a till, the back office, an import) — because a card grain passes on its customer grain's
/// answer, and counting both would count one sale twice. Calls between grains pass without a look.
/// </summary>
public sealed class OutcomeMetricsFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context) =>
        context.SourceId is { } source && !source.IsClient() ? context.Invoke() : InvokeAndCountAsync(context);

    private static async Task InvokeAndCountAsync(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        Count(context.Result, context.MethodName);
    }

    private static void Count(object? result, string operation)
    {
        switch (result)
        {
            case AccrualResult { Declined: null, Replayed: false }:
                RetentionMetrics.Accrued();
                return;
            case RedemptionResult { Declined: null, Replayed: false }:
                RetentionMetrics.Redeemed();
                return;
        }
        var declined = result switch
        {
            AccrualResult r => r.Declined,
            RedemptionResult r => r.Declined,
            RefundResult r => r.Declined,
            AdjustmentResult r => r.Declined,
            CardResult r => r.Declined,
            CardIdentity r => r.Declined,
            EnrollmentResult r => r.Declined,
            RewardClaimResult r => r.Declined,
            CouponResult r => r.Declined,
            Decline d => d,
            _ => null,
        };
        if (declined is not null)
        {
            RetentionMetrics.Declined(declined.Reason, operation);
        }
    }
}
