namespace RetentionActors.Contracts;

/// <summary>Why a well-formed request was refused. A declined request wrote nothing.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Decline")]
public sealed record Decline(
    [property: Id(0)] DeclineReason Reason,
    [property: Id(1)] string Message);
