namespace RetentionActors.Silo.Reports;

/// <summary>A figure of the home page and the same figure over the period before (yesterday, last month, the 30 days before); null when it has no value (a rate of nothing).</summary>
public sealed record GlanceFigure(decimal? Current, decimal? Previous);
