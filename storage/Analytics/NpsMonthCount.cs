namespace RetentionActors.Storage.Analytics;

/// <summary>The answers of one calendar month (UTC): all of them, promoters (9–10) and detractors (0–6).</summary>
public sealed record NpsMonthCount(DateOnly Month, int Answers, int Promoters, int Detractors);
