namespace RetentionActors.Grains.Audit;

/// <summary>One row of the back office's audit trail: who did what, on what, when, and how it ended.</summary>
public sealed record AuditRecord(string Id, DateTimeOffset At, string Actor, string Action, string Target, string? Detail, string Outcome);
