using RetentionActors.Contracts.Program;

namespace RetentionActors.Grains.Program;

/// <summary>The program's durable state; no settings means the defaults are in force.</summary>
public sealed class ProgramState
{
    public ProgramSettings? Settings { get; set; }
    public int Version { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }

    /// <summary>Every version ever in force, oldest first (the last is the current one).</summary>
    public List<ProgramInfo> History { get; set; } = [];
}
