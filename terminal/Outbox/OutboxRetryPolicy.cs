namespace RetentionActors.Terminal.Outbox;

/// <summary>
/// How an outbox entry that fails with an unexpected error (not the silo being away, not a refusal) is retried: after
/// <see cref="FirstDelay"/>, doubling up to <see cref="MaxDelay"/>, at most <see cref="MaxAttempts"/> times in all;
/// then it is set aside as a dead letter so the entries behind it are sent.
/// </summary>
public sealed record OutboxRetryPolicy(TimeSpan FirstDelay, TimeSpan MaxDelay, int MaxAttempts)
{
    /// <summary>1 s doubling to 1 min, 8 attempts: about four minutes of retries before an entry is set aside.</summary>
    public static OutboxRetryPolicy Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 8);

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt.</summary>
    public TimeSpan DelayAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 30))));
}
