using System.Globalization;

namespace RetentionActors.Domain.Uplift;

/// <summary>One group's outcome in the measurement window: how many customers, how many bought again, and their purchases and spend.</summary>
public sealed record GroupOutcome(long Customers, long Returned, Moments Purchases, Moments Spend)
{
    public static readonly GroupOutcome Empty = new(0, 0, new Moments(0, 0, 0), new Moments(0, 0, 0));

    public double ReturnShare => Customers == 0 ? 0 : (double)Returned / Customers;
}

/// <summary>The uplift of an action: treated minus held out, each with its 95 % interval, and what it cost.</summary>
public sealed record UpliftFigures(
    Estimate ReturnShare,
    Estimate PurchasesPerCustomer,
    Estimate SpendPerCustomer,
    Estimate IncrementalReturningCustomers,
    Estimate IncrementalRevenue,
    double? CostPerIncrementalReturningCustomer,
    bool Measurable,
    string Reading);

/// <summary>Turns the two groups' outcomes into uplift figures and a plain-language reading.</summary>
public static class UpliftAnalysis
{
    /// <param name="cost">What the action gave the treated group (points or money, as <paramref name="costUnit"/> says).</param>
    public static UpliftFigures Compare(GroupOutcome treated, GroupOutcome heldOut, double cost, string costUnit)
    {
        var share = UpliftStatistics.DifferenceOfProportions(treated.Returned, treated.Customers, heldOut.Returned, heldOut.Customers);
        var purchases = UpliftStatistics.DifferenceOfMeans(treated.Purchases, heldOut.Purchases);
        var spend = UpliftStatistics.DifferenceOfMeans(treated.Spend, heldOut.Spend);
        var returners = share.Times(treated.Customers);
        var revenue = spend.Times(treated.Customers);
        // Only a positive uplift has a cost per extra returning customer; otherwise the action bought none.
        double? costPer = returners.Value > 0 ? cost / returners.Value : null;
        var measurable = treated.Customers > 0 && heldOut.Customers > 0;
        return new UpliftFigures(share, purchases, spend, returners, revenue, costPer, measurable,
            Read(treated, heldOut, share, returners, costPer, costUnit, measurable));
    }

    private static string Read(GroupOutcome treated, GroupOutcome heldOut, Estimate share, Estimate returners, double? costPer, string costUnit, bool measurable)
    {
        if (!measurable)
        {
            return "Nothing to compare yet: the action needs customers in both the treated and the held-out group (give it a holdout percentage above 0).";
        }
        var shares = string.Create(CultureInfo.InvariantCulture,
            $"{treated.ReturnShare:P1} of treated customers bought again against {heldOut.ReturnShare:P1} of those held out");
        var interval = string.Create(CultureInfo.InvariantCulture,
            $"{share.Value * 100:+0.0;-0.0;0.0} points (95 % interval {share.Low * 100:+0.0;-0.0;0.0} to {share.High * 100:+0.0;-0.0;0.0})");
        if (share.SpansZero)
        {
            return $"No measurable effect: {shares}, a difference of {interval}, and the interval includes zero.";
        }
        if (share.Low > 0)
        {
            var cost = costPer is { } c ? string.Create(CultureInfo.InvariantCulture, $", at {c:0.##} {costUnit} each") : "";
            return string.Create(CultureInfo.InvariantCulture,
                $"The action brought customers back: {shares}, an uplift of {interval}, about {returners.Value:0} more returning customers{cost}.");
        }
        return $"The action lowered returns: {shares}, a change of {interval}.";
    }
}
