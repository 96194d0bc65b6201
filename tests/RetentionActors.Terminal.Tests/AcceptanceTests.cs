using RetentionActors.Tests.Shared.Silo;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests;

/// <summary>The acceptance runs: the real silo and the real terminal as processes, readers on pty pairs.</summary>
[Collection(TimingSensitive.Name)]
public sealed class AcceptanceTests : IAsyncDisposable
{
    private readonly string _outbox = Desks.NewOutboxPath();
    private readonly SiloPorts _ports = SiloPorts.Free();
    private readonly OwnedProcesses _owned = new("retention-acceptance-");

    [Fact]
    public async Task A_magstripe_swipe_on_a_serial_pty_is_read_and_a_purchase_on_stdin_accrues_with_the_balance()
    {
        _owned.Add(await SiloProcess.StartAsync(_owned.DataFolder, _ports, "--demo"));
        var pty = await PtyPair.StartAsync();
        _owned.Add(pty);
        var terminal = StartTerminal($"serial:{pty.Host}@9600");
        await terminal.NextEventAsync("silo", "the terminal to connect");
        await using var device = pty.OpenDevice();

        await device.WriteAsync("%A6001234567890^HOPPER/GRACE^?;6001234567890?\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        var card = await terminal.NextEventAsync("card", "the swipe to be announced");
        await terminal.SendAsync("""{"op":"purchase","receiptId":"acc-1","amount":25}""");
        var accrued = await terminal.NextEventAsync("accrued", "the purchase answer");
        await terminal.SendAsync("""{"op":"purchase","receiptId":"acc-1","amount":25}""");
        var again = await terminal.NextEventAsync("accrued", "the repeated purchase answer");

        Assert.Equal("mag:6001234567890", card.GetProperty("cardId").GetString());
        Assert.Equal("Grace Hopper", card.GetProperty("name").GetString());
        var before = card.GetProperty("balance").GetInt64();
        Assert.Equal(25, accrued.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(before + 25, accrued.GetProperty("balance").GetInt64());
        Assert.Equal(before + 25, again.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task An_NFC_card_presented_by_a_simulated_PN532_on_a_pty_is_read_and_a_purchase_on_stdin_accrues_with_the_balance()
    {
        _owned.Add(await SiloProcess.StartAsync(_owned.DataFolder, _ports, "--demo"));
        var pn532 = await Pn532.SimulatedPn532.StartAsync();
        _owned.Add(pn532);
        var terminal = StartTerminal($"pn532:{pn532.Port}");
        await terminal.NextEventAsync("silo", "the terminal to connect");
        var reader = await terminal.NextEventAsync("reader", "the PN532 to be ready");
        while (reader.GetProperty("status").GetString() != "ready")
        {
            reader = await terminal.NextEventAsync("reader", "the PN532 to be ready after a slow start");
        }

        pn532.Simulator.Card = [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6];
        var card = await terminal.NextEventAsync("card", "the tap to be announced");
        await terminal.SendAsync("""{"op":"purchase","receiptId":"nfc-1","amount":42.5}""");
        var accrued = await terminal.NextEventAsync("accrued", "the purchase answer");
        await pn532.PollsAsync(10).Within("ten more polls with the card still on the reader");

        Assert.Equal("ready", reader.GetProperty("status").GetString());
        Assert.Equal("nfc:04A1B2C3D4E5F6", card.GetProperty("cardId").GetString());
        Assert.Equal("Ada Lovelace", card.GetProperty("name").GetString());
        Assert.Equal(42, accrued.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(card.GetProperty("balance").GetInt64() + 42, accrued.GetProperty("balance").GetInt64());
        Assert.Single(terminal.Lines, l => l.Contains("\"event\":\"card\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Purchases_queued_while_the_silo_is_down_survive_a_terminal_restart_and_are_replayed_once_when_it_is_back()
    {
        var silo = await SiloProcess.StartAsync(_owned.DataFolder, _ports, "--demo");
        var first = StartTerminal("keyboard");
        await first.NextEventAsync("silo", "the terminal to connect");
        await first.SendAsync("bar:4006381333931");
        var before = (await first.NextEventAsync("card", "the card while online")).GetProperty("balance").GetInt64();

        await silo.KillAsync();
        await first.SendAsync("""{"op":"purchase","receiptId":"off-1","amount":10}""");
        var queued1 = await first.NextEventAsync("queued", "the first purchase to queue");
        await first.SendAsync("""{"op":"purchase","receiptId":"off-2","amount":20}""");
        await first.NextEventAsync("queued", "the second purchase to queue");
        await first.SendAsync("""{"op":"redeem","receiptId":"off-2","points":1}""");
        var redeemOffline = await first.NextEventAsync("declined", "the offline redemption");
        await first.KillAsync();
        var second = StartTerminal("keyboard");
        await second.NextEventAsync("silo", "the restarted terminal to find no silo");
        await second.SendAsync("""{"op":"purchase","cardId":"bar:4006381333931","receiptId":"off-3","amount":30}""");
        await second.NextEventAsync("queued", "the third purchase to queue");
        _owned.Add(await SiloProcess.StartAsync(_owned.DataFolder, _ports));
        var replayed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            replayed.Add((await second.NextEventAsync("replayed", "the outbox replay", TimeSpan.FromSeconds(60))).GetProperty("receiptId").GetString()!);
        }
        await second.SendAsync("""{"op":"balance","cardId":"bar:4006381333931"}""");
        var after = await second.NextEventAsync("balance", "the balance after replay");

        Assert.Equal("off-1", queued1.GetProperty("receiptId").GetString());
        Assert.Equal("offline", redeemOffline.GetProperty("reason").GetString());
        Assert.Equal(["off-1", "off-2", "off-3"], replayed);
        Assert.Equal(before + 60, after.GetProperty("balance").GetInt64());
        Assert.DoesNotContain(second.Lines, l => l.Contains("\"replayed\"", StringComparison.Ordinal) && l.Contains("\"accepted\":false", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_running_terminal_that_loses_the_silo_queues_and_replays_by_itself_when_the_silo_restarts()
    {
        var silo = await SiloProcess.StartAsync(_owned.DataFolder, _ports, "--demo");
        var terminal = StartTerminal("keyboard");
        await terminal.NextEventAsync("silo", "the terminal to connect");
        await terminal.SendAsync("nfc:04A1B2C3D4E5F6");
        var before = (await terminal.NextEventAsync("card", "the card while online")).GetProperty("balance").GetInt64();

        await silo.KillAsync();
        await terminal.SendAsync("""{"op":"purchase","receiptId":"lost-1","amount":15}""");
        await terminal.NextEventAsync("queued", "the purchase to queue");
        _owned.Add(await SiloProcess.StartAsync(_owned.DataFolder, _ports));
        var replayed = await terminal.NextEventAsync("replayed", "the same terminal to reconnect and replay", TimeSpan.FromSeconds(60));
        await terminal.SendAsync("""{"op":"purchase","receiptId":"lost-2","amount":5}""");
        var online = await terminal.NextEventAsync("accrued", "a purchase after the reconnect");

        Assert.Equal("lost-1", replayed.GetProperty("receiptId").GetString());
        Assert.Equal(before + 15, replayed.GetProperty("balance").GetInt64());
        Assert.Equal(before + 20, online.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task A_terminal_killed_in_the_middle_of_sending_its_outbox_loses_and_doubles_nothing_after_a_restart()
    {
        const int Sales = 300;
        var silo = await SiloProcess.StartAsync(_owned.DataFolder, _ports, "--demo");
        var first = StartTerminal("keyboard");
        await first.NextEventAsync("silo", "the terminal to connect");
        await first.SendAsync("mag:6001234567890");
        await first.NextEventAsync("card", "Grace's card while online");
        await silo.KillAsync();
        for (var i = 0; i < Sales; i++)
        {
            await first.SendAsync($$"""{"op":"purchase","receiptId":"drill-{{i}}","amount":1}""");
        }
        for (var i = 0; i < Sales; i++)
        {
            await first.NextEventAsync("queued", $"sale {i} to queue while the silo is down");
        }

        _owned.Add(await SiloProcess.StartAsync(_owned.DataFolder, _ports));
        await first.NextEventAsync("replayed", "the drain to start", TimeSpan.FromSeconds(60));
        await first.KillAsync();
        var leftAtKill = new RetentionActors.Terminal.Outbox.PurchaseOutbox(_outbox).Count();
        StartTerminal("keyboard"); // the restarted till drains the rest by itself
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (new RetentionActors.Terminal.Outbox.PurchaseOutbox(_outbox).Count() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        await using var insider = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromDataFolder(_owned.DataFolder), _ports.Gateway);
        var ledger = await insider.Grains.GetGrain<Contracts.Customers.ICustomerGrain>("demo-grace").GetLedgerAsync(take: 1000);
        var booked = ledger.Where(e => e.ReceiptId?.StartsWith("drill-", StringComparison.Ordinal) == true).GroupBy(e => e.ReceiptId!).ToList();
        Assert.True(leftAtKill > 0, "the terminal had sent everything before it was killed: nothing was cut in the middle");
        Assert.Equal(0, new RetentionActors.Terminal.Outbox.PurchaseOutbox(_outbox).Count());
        Assert.Equal(Sales, booked.Count);                                  // none lost
        Assert.All(booked, receipt => Assert.Single(receipt));               // none doubled
    }

    public ValueTask DisposeAsync() => _owned.DisposeAsync();

    private TerminalProcess StartTerminal(string reader)
    {
        // The till credential the embedded silo keeps in its data folder, as a terminal on the silo's machine finds it.
        var terminal = TerminalProcess.Start("--reader", reader, "--json", "--silo", $"localhost:{_ports.Gateway}", "--outbox", _outbox, "--timeout", "3",
            "--credential", Path.Combine(_owned.DataFolder, "local-till.credential"));
        _owned.Add(terminal);
        return terminal;
    }
}
