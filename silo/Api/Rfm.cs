using RetentionActors.Contracts;
namespace RetentionActors.Silo.Api;

public sealed record RfmCustomer(string CustomerId, string DisplayName, int RecencyDays, int Frequency, decimal Monetary, int R, int F, int M, string Segment);

public sealed record RfmSegmentCount(string Segment, int Customers);

public sealed record RfmReport(DateTimeOffset AsOf, IReadOnlyList<RfmSegmentCount> Segments, IReadOnlyList<RfmCustomer> Customers);

/// <summary>
/// RFM: each buying customer gets a 1–5 quintile score for recency (5 = most recent), frequency and
/// monetary value, and a named segment from the usual R/F rules.
/// </summary>
public static class Rfm
{
    public static RfmReport Segment(IReadOnlyList<CustomerTotals> totals, DateTimeOffset now)
    {
        var buyers = totals.Where(t => t.LastPurchase is not null).ToList();
        var r = Quintiles(buyers, t => -(now - t.LastPurchase!.Value).TotalDays);
        var f = Quintiles(buyers, t => t.Purchases);
        var m = Quintiles(buyers, t => (double)t.Spend);
        var customers = buyers.Select((t, i) => new RfmCustomer(t.CustomerId, t.DisplayName, (int)(now - t.LastPurchase!.Value).TotalDays,
            t.Purchases, t.Spend, r[i], f[i], m[i], Name(r[i], f[i]))).ToList();
        var segments = customers.GroupBy(c => c.Segment).Select(g => new RfmSegmentCount(g.Key, g.Count()))
            .OrderByDescending(s => s.Customers).ToList();
        return new RfmReport(now, segments, customers);
    }

    /// <summary>Every name <see cref="Name"/> gives.</summary>
    public static readonly IReadOnlyList<string> SegmentNames = ["Champions", "Loyal", "New or promising", "At risk", "Lost", "Needs attention"];

    /// <summary>Segment names for the R and F scores (M refines the order of work, not the segment).</summary>
    public static string Name(int r, int f) => (r, f) switch
    {
        ( >= 4, >= 4) => "Champions",
        ( >= 3, >= 3) => "Loyal",
        ( >= 4, _) => "New or promising",
        ( <= 2, >= 3) => "At risk",
        (1, _) => "Lost",
        _ => "Needs attention",
    };

    // Rank-based quintiles, ties sharing the lower rank, so equal values always get the same score.
    private static int[] Quintiles(List<CustomerTotals> items, Func<CustomerTotals, double> key)
    {
        var scores = new int[items.Count];
        if (items.Count == 0)
        {
            return scores;
        }
        var values = items.Select(key).ToArray();
        var sorted = values.Order().ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var rank = Array.IndexOf(sorted, values[i]);
            scores[i] = 1 + rank * 5 / values.Length;
        }
        return scores;
    }
}
