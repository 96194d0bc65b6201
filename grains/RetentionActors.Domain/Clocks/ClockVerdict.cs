namespace RetentionActors.Domain.Clocks;

/// <summary>Why a till's clock is not trusted: how far it is off (positive when ahead) and what to tell people.</summary>
public sealed record ClockVerdict(TimeSpan Skew, string Message);
