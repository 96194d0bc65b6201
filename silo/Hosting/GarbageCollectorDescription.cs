namespace RetentionActors.Silo.Hosting;

/// <summary>
/// The collector this silo runs with, in one line of its start-up banner: an operator tuning pauses or memory sees what
/// the runtime took from the silo's configuration and the environment, not what was meant.
/// </summary>
public static class GarbageCollectorDescription
{
    private const double MiB = 1024 * 1024;

    public static string Describe()
    {
        var settings = GC.GetConfigurationVariables();
        var budget = settings.TryGetValue("GCGen0MaxBudget", out var value) && value is long bytes && bytes > 0
            ? FormattableString.Invariant($", generation 0 collected after at most {bytes / MiB:0.#} MiB per heap")
            : "";
        return $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC{budget}";
    }
}
