namespace RetentionActors.Silo.Tests;

/// <summary>The grain idle age (--grain-idle-minutes) is checked before the silo touches anything, and a bad one is told plainly.</summary>
public sealed class GrainIdleOptionTests : IDisposable
{
    private static readonly TimeSpan RefusedWithin = TimeSpan.FromSeconds(60);
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("retention-idle-option-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("0", "from 0.05 (3 seconds) to 1440 (a day)")]
    [InlineData("0.01", "from 0.05 (3 seconds) to 1440 (a day)")]
    [InlineData("1441", "from 0.05 (3 seconds) to 1440 (a day)")]
    [InlineData("soon", "Silo:GrainIdleMinutes")]
    public async Task An_idle_age_the_silo_cannot_take_is_refused_with_what_to_give_and_nothing_is_created(string minutes, string told)
    {
        var exit = await SiloProcess.RunToExitAsync(_folder, NoEnvironment, RefusedWithin, "--grain-idle-minutes", minutes);

        Assert.Equal(2, exit.ExitCode);
        Assert.Contains(told, exit.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", exit.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", exit.Output + exit.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("silo is running", exit.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }
}
