namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Purchase points earned from <see cref="From"/> (inclusive; null: since ever) until <see cref="Until"/> (exclusive; null:
/// from then on) stay pending for <see cref="Days"/> days: one version of the program's rules.
/// </summary>
public sealed record PendingPeriod(DateTimeOffset? From, DateTimeOffset? Until, int Days);
