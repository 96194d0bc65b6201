namespace RetentionActors.Contracts.Program;

/// <summary>
/// One version of the program settings: in force from <see cref="EffectiveFrom"/> until the next
/// version. Version 0 means never configured (the defaults).
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Program.ProgramInfo")]
public sealed record ProgramInfo(
    [property: Id(0)] ProgramSettings Settings,
    [property: Id(1)] int Version,
    [property: Id(2)] DateTimeOffset? UpdatedAt,
    [property: Id(3)] string? UpdatedBy)
{
    /// <summary>When this version took effect; a sale is judged by the version in force when it occurred.</summary>
    public DateTimeOffset? EffectiveFrom => UpdatedAt;
}
