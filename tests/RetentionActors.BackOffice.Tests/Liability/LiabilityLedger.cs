using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.BackOffice.Tests.Liability;

/// <summary>
/// A small ledger with known issues, redemptions, refunds (one giving redeemed points back) and expiries, written through
/// the real grains of a silo of its own (so no other test's entries count), with points expiring after 12 months and
/// purchase points pending for 30 days. One point per currency unit. Every entry, by customer:
/// <code>
/// li-a 2003-01-10 +100 purchase la-1     lot L1
///      2003-02-20  -40 redemption        from L1 (60 left)
///      2003-03-05 +200 purchase la-2     lot L3, pending to 2003-04-04
///      2003-03-15  -50 refund of la-2    from L3 (150 left)
///      2003-06-01 -100 redemption        L1 60, L3 40 (110 left)
///      2003-12-20  +80 purchase la-4     lot L6, pending to 2004-01-19
///      2004-03-05 -110 expiry of L3
///      2004-12-20  -80 expiry of L6
/// li-b 2003-11-01 +300 purchase lb-1     lot M1
///      2003-11-10 -100 refund of lb-1    from M1, still pending (200 left)
///      2003-12-31 -120 redemption lb-3   from M1 (80 left)
///      2003-12-31  +50 purchase lb-3     lot M3, pending to 2004-01-30
///      2004-01-10 +120 redemption return (all of lb-3 returned: the 120 points it was paid with come back, a new lot R)
///      2004-01-10  -50 refund of lb-3    from M3 (0 left)
///      2004-11-01  -80 expiry of M1
///      2005-01-10 -120 expiry of R
/// </code>
/// All at 12:00 UTC. Expiries are written by the customers' maintenance, dated the day their lots expired.
/// </summary>
internal static class LiabilityLedger
{
    public const decimal ValuePerPoint = 0.005m;

    public static async Task ConfigureProgramAsync(HttpClient admin)
    {
        var settings = (await BackOfficeSilo.ReadAsync<JsonObject>(await admin.GetAsync("/api/program", Ct)))["settings"]!.AsObject();
        settings["pointsExpiryMonths"] = 12;
        settings["pendingDays"] = 30;
        settings["liabilityValuePerPoint"] = ValuePerPoint;
        await BackOfficeSilo.ReadAsync<JsonObject>(await admin.PutAsJsonAsync("/api/program", settings, Ct));
    }

    public static async Task WriteAsync(IGrainFactory grains)
    {
        var a = grains.GetGrain<ICustomerGrain>("li-a");
        var b = grains.GetGrain<ICustomerGrain>("li-b");
        Assert.True((await a.EnrollAsync(new CustomerProfile("Liability A"))).IsAccepted);
        Assert.True((await b.EnrollAsync(new CustomerProfile("Liability B"))).IsAccepted);

        await EarnAsync(a, "la-1", "2003-01-10", 100);
        await RedeemAsync(a, "la-r1", "2003-02-20", 40);
        await EarnAsync(a, "la-2", "2003-03-05", 200);
        await RefundAsync(a, "la-3", "2003-03-15", 50, "la-2", reversed: 50, returned: 0);
        await RedeemAsync(a, "la-r2", "2003-06-01", 100);
        await EarnAsync(a, "la-4", "2003-12-20", 80);

        await EarnAsync(b, "lb-1", "2003-11-01", 300);
        await RefundAsync(b, "lb-2", "2003-11-10", 100, "lb-1", reversed: 100, returned: 0);
        await RedeemAsync(b, "lb-3", "2003-12-31", 120);
        await EarnAsync(b, "lb-3", "2003-12-31", 50);
        await RefundAsync(b, "lb-4", "2004-01-10", 50, "lb-3", reversed: 50, returned: 120);

        await a.RunMaintenanceAsync();
        await b.RunMaintenanceAsync();

        // The ledger is as drawn above: the report is checked against it, not against whatever the grains wrote.
        Assert.Equal(["Purchase 2003-01-10 100", "Redemption 2003-02-20 -40", "Purchase 2003-03-05 200", "Refund 2003-03-15 -50",
            "Redemption 2003-06-01 -100", "Purchase 2003-12-20 80", "Expiry 2004-03-05 -110", "Expiry 2004-12-20 -80"], await LinesAsync(a));
        Assert.Equal(["Purchase 2003-11-01 300", "Refund 2003-11-10 -100", "Redemption 2003-12-31 -120", "Purchase 2003-12-31 50",
            "RedemptionReturn 2004-01-10 120", "Refund 2004-01-10 -50", "Expiry 2004-11-01 -80", "Expiry 2005-01-10 -120"], await LinesAsync(b));
    }

    private static DateTimeOffset Noon(string day) => DateTimeOffset.Parse(day + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task EarnAsync(ICustomerGrain customer, string receipt, string day, decimal amount)
    {
        var result = await customer.EarnAsync(new Purchase("li-store", "li-till", receipt, Noon(day), amount));
        Assert.True(result.IsAccepted, result.Declined?.Message);
        Assert.Equal((long)amount, result.PointsEarned);
    }

    private static async Task RedeemAsync(ICustomerGrain customer, string receipt, string day, long points)
    {
        var result = await customer.RedeemAsync(new Redemption("li-store", "li-till", receipt, Noon(day), points));
        Assert.True(result.IsAccepted, result.Declined?.Message);
    }

    private static async Task RefundAsync(ICustomerGrain customer, string receipt, string day, decimal amount, string original, long reversed, long returned)
    {
        var result = await customer.RefundAsync(new Refund("li-store", "li-till", receipt, Noon(day), amount, "li-store", original));
        Assert.True(result.IsAccepted, result.Declined?.Message);
        Assert.Equal((reversed, returned), (result.PointsReversed, result.PointsReturned));
    }

    private static async Task<IReadOnlyList<string>> LinesAsync(ICustomerGrain customer) =>
        [.. (await customer.GetLedgerAsync()).Select(e => $"{e.Kind} {e.OccurredAt.UtcDateTime:yyyy-MM-dd} {e.Points}")];
}
