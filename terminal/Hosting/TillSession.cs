using System.Threading.Channels;
using Microsoft.Extensions.Options;
using RetentionActors.Contracts.Program;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Modes;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.CardData;
using RetentionActors.Terminal.Readers.Keyboard;

namespace RetentionActors.Terminal.Hosting;

/// <summary>
/// The till at work: the reader, the keyboard and the silo connection in the background, the outbox replayed, and the
/// cashier, kiosk or JSON session in front until standard input ends or the terminal is told to stop.
/// </summary>
public sealed class TillSession(IOptions<TerminalOptions> settings, FoundCredential found, ICardReader reader, SiloConnection silo,
    PurchaseOutbox outbox, OutboxReplayer replayer, DeadLetterReporter deadLetters, LoyaltyDesk desk, OwnCardRanges ownRanges)
{
    private readonly TerminalOptions _options = settings.Value;

    public async Task<int> RunAsync(CancellationToken stopping)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var tracing = TerminalTracing.StartExporter(Environment.GetEnvironmentVariable);
        var keptAside = outbox.DeadLetterCount();
        if (keptAside > 0)
        {
            Console.Error.WriteLine(DeadLetterNotice.Text(keptAside));
        }
        var input = new TerminalInput();
        var runSession = _options.Json ? JsonSession(keptAside) : ScreenSession(keptAside);
        var readerEvents = Channel.CreateUnbounded<ReaderEvent>();
        var background = new List<Task>
        {
            silo.RunAsync(stop.Token),
            reader.RunAsync(readerEvents.Writer, stop.Token),
            input.PumpEventsAsync(readerEvents.Reader, stop.Token),
            // Console.In reads synchronously: give it a thread of its own.
            Task.Factory.StartNew(() => input.PumpLinesAsync(Console.In, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap(),
        };
        try
        {
            // Start knowing whether the silo is there, so the first card read is not answered "offline" for nothing.
            await silo.FirstAttempt.WaitAsync(_options.Timeout * 3, stop.Token);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        background.Add(replayer.RunAsync(TimeSpan.FromSeconds(1), stop.Token, deadLetters));
        await AddProgramCardRangesAsync();
        try
        {
            await runSession(input.Items, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        await stop.CancelAsync();
        // Up to 2 s for the background work to finish once told to stop (the stop token is cancelled by now).
        await Task.WhenAny(Task.WhenAll(background), Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        return 0;
    }

    private Func<ChannelReader<InputItem>, CancellationToken, Task> JsonSession(int keptAside)
    {
        var json = new JsonAnswerWriter(Console.Out);
        replayer.Replayed = json.Write;
        replayer.DeadLettersChanged = deadLetters.DeadLettersChanged = count => json.Write(new DeadLettersAnswer(count, null));
        silo.StateChanged = connected => json.Write(new SiloAnswer(connected));
        if (keptAside > 0)
        {
            json.Write(new DeadLettersAnswer(keptAside, null));
        }
        return new JsonSession(desk, json, reader as KeyboardCardReader).RunAsync;
    }

    private Func<ChannelReader<InputItem>, CancellationToken, Task> ScreenSession(int keptAside)
    {
        var screen = new CashierScreen(Console.Out, colour: !Console.IsOutputRedirected);
        replayer.Replayed = screen.Show;
        replayer.DeadLettersChanged = deadLetters.DeadLettersChanged = screen.DeadLetters;
        silo.StateChanged = connected => (connected ? (Action<string>)screen.Good : screen.Bad)(connected ? "silo connected" : "silo unreachable — purchases are queued");
        var credential = found.Credential;
        screen.Info($"RetentionActors terminal — store {_options.StoreId}, till {_options.TerminalId}, reader {reader.Name}, outbox {outbox.Path} ({outbox.Count()} waiting, {keptAside} dead letters)"
            + (credential is null ? ", no credential" : $", credential {credential.Source}"));
        screen.DeadLetters(keptAside);
        var keyboard = reader as KeyboardCardReader;
        return _options.Mode == "kiosk" ? new KioskSession(desk, screen, keyboard).RunAsync : new CashierSession(desk, screen, keyboard).RunAsync;
    }

    /// <summary>The program's own card-number ranges join <c>--card-range</c>, so its magstripe cards are not taken for bank cards.</summary>
    private async Task AddProgramCardRangesAsync()
    {
        try
        {
            ownRanges.Add((await silo.Grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync()).Settings.CardNumberRanges ?? []);
        }
        catch (Exception e) when (e is SiloUnreachableException or OrleansException or TimeoutException)
        {
            // Offline at start: --card-range alone applies until the terminal restarts with the silo there.
        }
    }
}
