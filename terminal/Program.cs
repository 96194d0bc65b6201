using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Program;
using RetentionActors.Terminal;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Modes;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.CardData;
using RetentionActors.Terminal.Readers.Keyboard;

// The till: a card reader, the cashier/kiosk screen or the JSON protocol, and the silo behind an offline outbox.
if (args.Contains("--help"))
{
    Console.WriteLine(TerminalOptions.Usage);
    return 0;
}
if (!TerminalOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine($"{error}\n{TerminalOptions.Usage}");
    return 2;
}

// Standard output belongs to the screen or the JSON protocol; logs go to standard error.
using var loggers = LoggerFactory.Create(logging => logging
    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddSimpleConsole(console =>
    {
        // One line each, with the UTC time to the millisecond, so a till's log lines up with the silos' logs.
        console.SingleLine = true;
        console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        console.UseUtcTimestamp = true;
    })
    .AddFilter("Orleans", options.Verbose ? LogLevel.Warning : LogLevel.Error)
    .AddFilter("Microsoft.Extensions.Hosting", options.Verbose ? LogLevel.Warning : LogLevel.Critical)
    .SetMinimumLevel(options.Verbose ? LogLevel.Information : LogLevel.Warning));

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

var ownRanges = new OwnCardRanges(options.CardRanges);
ICardReader reader;
IReadOnlyList<System.Net.IPEndPoint> gateways;
try
{
    reader = ReaderFactory.Create(options.Reader, new CardDataClassifier(ownRanges), loggers, options.ReadNdef);
    gateways = TerminalOptions.ResolveGateways(options.Silos);
}
catch (Exception e) when (e is FormatException or System.Net.Sockets.SocketException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

TerminalCredential? credential;
try
{
    credential = TerminalCredential.Find(options.CredentialPath, options.LocalCredentialPath);
}
catch (IOException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (!options.TryAdopt(credential, out options, out error))
{
    Console.Error.WriteLine(error);
    return 2;
}
if (credential is null)
{
    Console.Error.WriteLine($"No terminal credential: the silo refuses every call without one. Start the terminal with --credential FILE "
        + $"(issued in the back office under Terminals), set {TerminalCredential.Variable}, or run an embedded silo on this machine ({options.LocalCredentialPath}).");
}

Action<IClientBuilder>? tls;
try
{
    tls = GatewayTls.From(options);
}
catch (RetentionActors.Tls.TlsFileException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
Action<IClientBuilder> clientSetup = client =>
{
    tls?.Invoke(client);
    if (credential is not null)
    {
        client.AddOutgoingGrainCallFilter(new CredentialFilter(credential));
    }
};
if (options.LookUp.Count > 0)
{
    return await CardLookUp.RunAsync(options.LookUp, gateways, options.Timeout, loggers, Console.Out, clientSetup);
}

using var tracing = TerminalTracing.StartExporter(Environment.GetEnvironmentVariable);
var outbox = new PurchaseOutbox(options.ResolvedOutboxPath);
await using var silo = new SiloConnection(gateways, options.Timeout, loggers, clientSetup);
var replayer = new OutboxReplayer(outbox, silo, loggers.CreateLogger<OutboxReplayer>());
var identity = new TerminalIdentity(options.StoreId, options.TerminalId);
var deadLetters = new DeadLetterReporter(outbox, silo, identity, loggers.CreateLogger<DeadLetterReporter>());
var desk = new LoyaltyDesk(silo, outbox, replayer, identity, TimeProvider.System, loggers.CreateLogger<LoyaltyDesk>())
{
    AsksForOfflineAllowances = options.Mode != "kiosk",
};
var keptAside = outbox.DeadLetterCount();
if (keptAside > 0)
{
    Console.Error.WriteLine(DeadLetterNotice.Text(keptAside));
}

var keyboard = reader as KeyboardCardReader;
var readerEvents = Channel.CreateUnbounded<ReaderEvent>();
var input = new TerminalInput();
Func<Task> runSession;
if (options.Json)
{
    var json = new JsonAnswerWriter(Console.Out);
    replayer.Replayed = json.Write;
    replayer.DeadLettersChanged = deadLetters.DeadLettersChanged = count => json.Write(new DeskAnswer(AnswerEvents.DeadLetters) { DeadLetters = count });
    silo.StateChanged = connected => json.Write(new DeskAnswer(AnswerEvents.Silo) { Status = connected ? "connected" : "unreachable" });
    if (keptAside > 0)
    {
        json.Write(new DeskAnswer(AnswerEvents.DeadLetters) { DeadLetters = keptAside });
    }
    var session = new JsonSession(desk, json, keyboard);
    runSession = () => session.RunAsync(input.Items, stop.Token);
}
else
{
    var screen = new CashierScreen(Console.Out, colour: !Console.IsOutputRedirected);
    replayer.Replayed = screen.Show;
    replayer.DeadLettersChanged = deadLetters.DeadLettersChanged = screen.DeadLetters;
    silo.StateChanged = connected => (connected ? (Action<string>)screen.Good : screen.Bad)(connected ? "silo connected" : "silo unreachable — purchases are queued");
    screen.Info($"RetentionActors terminal — store {options.StoreId}, till {options.TerminalId}, reader {reader.Name}, outbox {outbox.Path} ({outbox.Count()} waiting, {keptAside} dead letters)"
        + (credential is null ? ", no credential" : $", credential {credential.Source}"));
    screen.DeadLetters(keptAside);
    runSession = options.Mode == "kiosk"
        ? () => new KioskSession(desk, screen, keyboard).RunAsync(input.Items, stop.Token)
        : () => new CashierSession(desk, screen, keyboard).RunAsync(input.Items, stop.Token);
}

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
    await silo.FirstAttempt.WaitAsync(options.Timeout * 3, stop.Token);
}
catch (TimeoutException)
{
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}
background.Add(replayer.RunAsync(TimeSpan.FromSeconds(1), stop.Token, deadLetters));
try
{
    // The program's own card-number ranges join --card-range, so its magstripe cards are not taken for bank cards.
    ownRanges.Add((await silo.Grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync()).Settings.CardNumberRanges ?? []);
}
catch (Exception e) when (e is SiloUnreachableException or OrleansException or TimeoutException)
{
    // Offline at start: --card-range alone applies until the terminal restarts with the silo there.
}

try
{
    await runSession();
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}
await stop.CancelAsync();
await Task.WhenAny(Task.WhenAll(background), Task.Delay(TimeSpan.FromSeconds(2)));
return 0;
