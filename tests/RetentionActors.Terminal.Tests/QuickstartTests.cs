using RetentionActors.Tests.Shared.Silo;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests;

/// <summary>
/// README's quickstart exactly as a newcomer runs it on one machine: the silo with --demo in its default data
/// folder, then the terminal with no credential option — it finds the one the silo left for this user.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class QuickstartTests : IAsyncDisposable
{
    // A user of the test's own: the default data folder (~/.local/share/RetentionActors) lies under this home,
    // which does not even have a .local/share yet, as on a fresh machine.
    private readonly string _home = Directory.CreateTempSubdirectory("retention-home-").FullName;
    private readonly SiloPorts _ports = SiloPorts.Free();
    private readonly List<IAsyncDisposable> _owned = [];

    private Dictionary<string, string> User => new() { ["HOME"] = _home, ["XDG_DATA_HOME"] = "" };

    [Fact]
    public async Task The_silo_and_the_terminal_work_as_the_readme_says_with_no_extra_step()
    {
        var silo = await SiloProcess.StartInDefaultFolderAsync(_ports, User, "--demo");
        _owned.Add(silo);

        var lookUp = await LookUpUntilSeededAsync();
        var cashier = TerminalProcess.Start(User, "--gateway-port", $"{_ports.Gateway}", "--mode", "cashier");
        _owned.Add(cashier);
        await cashier.NextLineContainingAsync("silo connected", "the cashier terminal to connect");
        foreach (var line in (string[])["nfc:04A1B2C3D4E5F6", "p", "quick-1", "20", "", "", "n"])
        {
            await cashier.SendAsync(line);
        }
        var accrued = await cashier.NextLineContainingAsync("quick-1", "the purchase to accrue");
        var exit = await cashier.EndInputAsync();

        Assert.Contains("nfc:04A1B2C3D4E5F6: Ada Lovelace, 133 points", lookUp, StringComparison.Ordinal);
        Assert.Contains("OK  +20 points on quick-1, new balance 153", accrued, StringComparison.Ordinal);
        Assert.Equal(0, exit);
        var data = Path.Combine(_home, ".local", "share", "RetentionActors");
        Assert.Contains(Path.Combine(data, "retention.db"), silo.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "local-till.credential")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "local-till.credential")));
        }
    }

    [Fact]
    public async Task Another_user_on_the_same_machine_has_no_credential_and_is_refused()
    {
        _owned.Add(await SiloProcess.StartInDefaultFolderAsync(_ports, User, "--demo"));
        var stranger = Directory.CreateTempSubdirectory("retention-stranger-").FullName;

        var lookUp = TerminalProcess.Start(new Dictionary<string, string> { ["HOME"] = stranger, ["XDG_DATA_HOME"] = "" },
            "--gateway-port", $"{_ports.Gateway}", "nfc:04A1B2C3D4E5F6");
        _owned.Add(lookUp);
        var exit = await lookUp.EndInputAsync();

        Assert.Contains("No terminal credential", lookUp.Errors, StringComparison.Ordinal);
        Assert.Contains("The call carries no terminal credential", lookUp.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada Lovelace", string.Join('\n', lookUp.Lines), StringComparison.Ordinal);
        Assert.NotEqual(0, exit);
    }

    // The demo data is seeded just after the silo starts; look the card up (as README does) until it is there.
    private async Task<string> LookUpUntilSeededAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var lookUp = TerminalProcess.Start(User, "--gateway-port", $"{_ports.Gateway}", "nfc:04A1B2C3D4E5F6");
            await lookUp.EndInputAsync();
            var output = string.Join('\n', lookUp.Lines);
            await lookUp.DisposeAsync();
            if (output.Contains("133 points", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return output + lookUp.Errors;
            }
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
