namespace RetentionActors.Domain.Earning;

/// <summary>A receipt line as the earning rules see it: its category and what it cost.</summary>
public readonly record struct SaleLine(string? Category, decimal Amount);
