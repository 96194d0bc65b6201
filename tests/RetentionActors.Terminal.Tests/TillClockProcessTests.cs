using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Tests.Shared;
using RetentionActors.Tests.Shared.Silo;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests;

/// <summary>
/// The real terminal under <c>faketime</c> (its clock two days ahead) against a real silo: the sale is refused with the
/// clock reason and kept, the terminal says so at its next start, and after the back office books it corrected the
/// terminal drops it by itself.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class TillClockProcessTests : IAsyncDisposable
{
    private const string Alan = "bar:4006381333931";
    private readonly string _outbox = Desks.NewOutboxPath();
    private readonly SiloPorts _ports = SiloPorts.Free();
    private readonly OwnedProcesses _owned = new("retention-clock-");

    [Fact]
    public async Task A_till_two_days_ahead_keeps_its_sale_as_a_dead_letter_until_the_back_office_books_it_corrected()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/faketime") || Environment.GetEnvironmentVariable("CI") is not null, "faketime is not installed (.ci/run installs it)");
        _owned.Add(await SiloProcess.StartAsync(_owned.DataFolder, _ports, "--demo"));
        var first = StartTerminalTwoDaysAhead();
        await first.NextEventAsync("silo", "the terminal to connect");
        await first.SendAsync($$"""{"op":"balance","cardId":"{{Alan}}"}""");
        var before = (await first.NextEventAsync("balance", "the balance before")).GetProperty("balance").GetInt64();
        await first.SendAsync($$"""{"op":"purchase","cardId":"{{Alan}}","receiptId":"clk-1","amount":30}""");
        var declined = await first.NextEventAsync("declined", "the purchase to be refused for the clock");
        await first.SendAsync("""{"op":"deadLetters"}""");
        var listed = await first.NextEventAsync("deadLetters", "the dead letters");
        await first.KillAsync();

        var second = StartTerminalTwoDaysAhead();
        var atStart = await second.NextEventAsync("deadLetters", "the count at start");
        await using var backOffice = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromDataFolder(_owned.DataFolder), _ports.Gateway);
        var grain = backOffice.Grains.GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill("store-1", "till-1"));
        var day = DateOnly.Parse(listed.GetProperty("letters")[0].GetProperty("businessDay").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var reported = await Eventually.Until(() => grain.GetAsync(day, "clk-1"), l => l is not null, "the terminal to report its dead letter", TimeSpan.FromSeconds(30));
        var booked = await grain.RetryAsync(new DeadLetterCorrection(day, "clk-1", "maria") { UndoClockSkew = true });
        var gone = await second.NextEventAsync("deadLetters", "the terminal to learn the letter was booked", TimeSpan.FromSeconds(60));
        await second.SendAsync($$"""{"op":"balance","cardId":"{{Alan}}"}""");
        var after = (await second.NextEventAsync("balance", "the balance after")).GetProperty("balance").GetInt64();

        Assert.Equal(("tillClockSkew", 1), (declined.GetProperty("reason").GetString(), declined.GetProperty("deadLetters").GetInt32()));
        Assert.StartsWith("the till's clock is 2 days 0 h ahead of the cluster", declined.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("clk-1", listed.GetProperty("letters")[0].GetProperty("receiptId").GetString());
        Assert.Equal(1, atStart.GetProperty("deadLetters").GetInt32());
        Assert.Contains("1 sale is kept at this till as dead letters", second.Errors, StringComparison.Ordinal);
        Assert.InRange(reported!.ClockSkewMinutes!.Value, 2 * 24 * 60 - 2, 2 * 24 * 60 + 2);
        Assert.Equal(DeadLetterOutcome.Done, booked.Outcome);
        Assert.Equal(0, gone.GetProperty("deadLetters").GetInt32());
        Assert.Equal(before + 30, after);
    }

    private TerminalProcess StartTerminalTwoDaysAhead()
    {
        var terminal = TerminalProcess.StartUnder(["faketime", "-f", "+2d"], new Dictionary<string, string> { ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1" },
            "--reader", "keyboard", "--json", "--silo", $"localhost:{_ports.Gateway}", "--outbox", _outbox, "--timeout", "3",
            "--credential", Path.Combine(_owned.DataFolder, "local-till.credential"));
        _owned.Add(terminal);
        return terminal;
    }

    public ValueTask DisposeAsync() => _owned.DisposeAsync();
}
