namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>External programs some tests need: skipped locally when absent, a failure on CI (env CI set).</summary>
public static class Tools
{
    public static void Require(string tool)
    {
        if (Find(tool) is not null)
        {
            return;
        }
        var message = $"{tool} is not installed (apt-get install socat libnfc-bin pcscd vsmartcard-vpcd)";
        if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            Assert.Fail($"{message}; CI must have it.");
        }
        Assert.Skip(message);
    }

    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}
