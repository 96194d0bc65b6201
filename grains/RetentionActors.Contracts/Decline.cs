namespace RetentionActors.Contracts;

/// <summary>Why a well-formed request was refused. A declined request wrote nothing.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Decline")]
public sealed record Decline(
    [property: Id(0)] DeclineReason Reason,
    [property: Id(1)] string Message)
{
    /// <summary>
    /// With <see cref="DeclineReason.TillClockSkew"/>: how far the till's clock was from the cluster's when the silo
    /// measured it, positive when ahead. Subtracting it from the sale's time corrects the sale.
    /// </summary>
    [Id(2)]
    public TimeSpan? ClockSkew { get; init; }
}
