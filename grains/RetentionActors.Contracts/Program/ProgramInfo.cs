namespace RetentionActors.Contracts.Program;

/// <summary>The current program settings and who changed them last. Version 0 means never configured.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Program.ProgramInfo")]
public sealed record ProgramInfo(
    [property: Id(0)] ProgramSettings Settings,
    [property: Id(1)] int Version,
    [property: Id(2)] DateTimeOffset? UpdatedAt,
    [property: Id(3)] string? UpdatedBy);
