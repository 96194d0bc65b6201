namespace RetentionActors.Storage.Analytics;

/// <summary>A buying customer's recency, frequency and monetary value, their 1–5 quintile scores and segment.</summary>
public sealed record RfmCustomer(string CustomerId, string DisplayName, int RecencyDays, int Frequency, decimal Monetary, int R, int F, int M, string Segment);

/// <summary>How many customers a segment has.</summary>
public sealed record RfmSegmentCount(string Segment, int Customers);
