using System.Reflection;

namespace RetentionActors.Silo.Hosting;

/// <summary>The version this silo was built as (the assembly's informational version, with the commit when the build knew it).</summary>
public static class SiloVersion
{
    public static string Text { get; } =
        typeof(SiloVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SiloVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
