namespace RetentionActors.Tests.Shared.Silo;

/// <summary>The three ports a silo listens on; kept across a restart so terminals find it again.</summary>
public sealed record SiloPorts(int Silo, int Gateway, int Http)
{
    public static SiloPorts Free() => new(BuildOutput.FreePort(), BuildOutput.FreePort(), BuildOutput.FreePort());
}
