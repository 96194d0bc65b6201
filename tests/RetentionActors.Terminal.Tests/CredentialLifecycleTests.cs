using RetentionActors.Tests.Shared.Silo;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests;

/// <summary>
/// A till's credential over its life, with the real silo and terminal programs: issued on the command line,
/// revoked while the till sells (its sales wait in the outbox, none lost), replaced by a new one in the same file
/// without restarting the terminal, which then sends what waited.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class CredentialLifecycleTests : IAsyncDisposable
{
    private readonly SiloPorts _ports = SiloPorts.Free();
    private readonly OwnedProcesses _owned = new("retention-credential-");

    [Fact]
    public async Task A_revoked_till_keeps_its_sales_and_sends_them_once_a_new_credential_is_in_its_file()
    {
        _owned.Add(await SiloProcess.StartAsync(_owned.DataFolder, _ports, "--demo"));
        var file = Path.Combine(_owned.DataFolder, "till-5.credential");
        await IssueAsync(file);
        var terminal = TerminalProcess.Start("--json", "--silo", $"localhost:{_ports.Gateway}", "--outbox", Desks.NewOutboxPath(),
            "--timeout", "3", "--credential", file);
        _owned.Add(terminal);
        await terminal.NextEventAsync("silo", "the terminal to connect");
        await terminal.SendAsync("nfc:04A1B2C3D4E5F6");
        var before = (await terminal.NextEventAsync("card", "the card")).GetProperty("balance").GetInt64();
        await terminal.SendAsync("""{"op":"purchase","receiptId":"rot-1","amount":10}""");
        var first = await terminal.NextEventAsync("accrued", "a sale with the first credential");

        var id = (await SiloProcess.RunCommandAsync("credential", "list", "--data", _owned.DataFolder)).Output
            .Split('\n').First(l => l.Contains("store-1/till-5", StringComparison.Ordinal)).Split(' ')[0];
        Assert.Equal(0, (await SiloProcess.RunCommandAsync("credential", "revoke", id, "--data", _owned.DataFolder)).ExitCode);
        await RefusedWithinAsync(terminal, TimeSpan.FromSeconds(10));
        await terminal.SendAsync("""{"op":"purchase","receiptId":"rot-2","amount":10}""");
        var queued = await terminal.NextEventAsync("queued", "the sale made while revoked to wait");

        // Rotation: the new credential replaces the file in one move; the running terminal reads it again.
        var next = file + ".new";
        await IssueAsync(next);
        File.Move(next, file, overwrite: true);
        var replayed = await terminal.NextEventAsync("replayed", "the waiting sale to be sent with the new credential", TimeSpan.FromSeconds(30));
        await terminal.SendAsync("""{"op":"balance"}""");
        var after = await terminal.NextEventAsync("balance", "the balance after");

        Assert.Equal(10, first.GetProperty("pointsEarned").GetInt64());
        Assert.Contains("credential", queued.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("rot-2", replayed.GetProperty("receiptId").GetString());
        Assert.True(replayed.GetProperty("accepted").GetBoolean());
        Assert.Equal(before + 20, after.GetProperty("balance").GetInt64());
    }

    private async Task IssueAsync(string file)
    {
        var issued = await SiloProcess.RunCommandAsync("credential", "issue", "--data", _owned.DataFolder, "--store", "store-1", "--terminal", "till-5", "--role", "till", "--out", file);
        Assert.True(issued.ExitCode == 0, issued.Errors);
    }

    // Other silos learn of a revocation by polling the database every 2 s; ask for the balance until refused.
    private static async Task RefusedWithinAsync(TerminalProcess terminal, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            await terminal.SendAsync("""{"op":"balance"}""");
            var line = await terminal.NextLineContainingAsync("\"event\":\"", "an answer to the balance request");
            if (line.Contains("\"notAuthorized\"", StringComparison.Ordinal))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the revoked credential was still accepted after {limit.TotalSeconds} s: {line}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _owned.DisposeAsync();
}
