using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using RetentionActors.Contracts.Cards;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;

namespace RetentionActors.Bench.Faults;

/// <summary>
/// A till as the terminal program builds one (terminal/Program.cs), in this process: its own credential on every call,
/// the real connection that reconnects by itself, the durable outbox, the replayer and the dead-letter reporter. Only the
/// reader and the screen are missing. Remembers every sale it rang up, so a drill can look for each one afterwards.
/// </summary>
public sealed class BenchTill : IAsyncDisposable
{
    private readonly SiloConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _background;
    private readonly ConcurrentQueue<(DateTimeOffset At, string Event)> _answers = new();

    private BenchTill(TerminalIdentity identity, string outboxPath, SiloConnection connection, TimeProvider clock)
    {
        Identity = identity;
        _connection = connection;
        Outbox = new PurchaseOutbox(outboxPath);
        Replayer = new OutboxReplayer(Outbox, connection, NullLogger<OutboxReplayer>.Instance, clock);
        DeadLetters = new DeadLetterReporter(Outbox, connection, identity, NullLogger<DeadLetterReporter>.Instance, clock, TimeSpan.FromSeconds(1));
        Desk = new LoyaltyDesk(connection, Outbox, Replayer, identity, clock, NullLogger<LoyaltyDesk>.Instance);
        // As the terminal does: keep connected, and drain the outbox and report dead letters in the background.
        _background = Task.WhenAll(connection.RunAsync(_stop.Token), Replayer.RunAsync(TimeSpan.FromMilliseconds(500), _stop.Token, DeadLetters));
    }

    /// <summary>How long a drill waits for a till to send what it holds before calling it stuck.</summary>
    public static readonly TimeSpan DrainWithin = TimeSpan.FromSeconds(90);

    public TerminalIdentity Identity { get; }
    public PurchaseOutbox Outbox { get; }
    public OutboxReplayer Replayer { get; }
    public DeadLetterReporter DeadLetters { get; }
    public LoyaltyDesk Desk { get; }

    /// <summary>Every sale rung up, in order.</summary>
    public ConcurrentQueue<RungUpSale> Sales { get; } = new();

    /// <summary>Connects to <paramref name="gateways"/> with the credential in <paramref name="credentialFile"/>; <paramref name="clock"/> is the till's own.</summary>
    public static async Task<BenchTill> OpenAsync(string credentialFile, IReadOnlyList<IPEndPoint> gateways, string outboxPath, TimeProvider? clock = null)
    {
        var credential = TerminalCredential.Find(credentialFile, "")!;
        var connection = new SiloConnection(gateways, TimeSpan.FromSeconds(3), NullLoggerFactory.Instance,
            client => client.AddOutgoingGrainCallFilter(new CredentialFilter(credential)));
        var till = new BenchTill(new TerminalIdentity(credential.StoreId!, credential.TerminalId!), outboxPath, connection, clock ?? TimeProvider.System);
        await connection.FirstAttempt.WaitAsync(TimeSpan.FromSeconds(30));
        return till;
    }

    /// <summary>Rings up a purchase as the cashier does; the answer is accrued, queued or declined.</summary>
    public async Task<PurchaseAnswer> SellAsync(string cardId, string receiptId, decimal amount, DateOnly? businessDay = null)
    {
        var answer = await Desk.PurchaseAsync(CardId.Parse(cardId), receiptId, amount, null, _stop.Token, businessDay);
        Sales.Enqueue(new RungUpSale(Identity.TerminalId, businessDay, receiptId));
        _answers.Enqueue((DateTimeOffset.UtcNow, answer.Event));
        return answer;
    }

    /// <summary>Spends points as the cashier does; the answer is redeemed or declined (redemptions need the silo).</summary>
    public async Task<DeskAnswer> RedeemAsync(string cardId, string receiptId, long points)
    {
        var answer = await Desk.RedeemAsync(CardId.Parse(cardId), receiptId, points, _stop.Token);
        _answers.Enqueue((DateTimeOffset.UtcNow, answer.Event));
        return answer;
    }

    /// <summary>The sales this till keeps as dead letters, waiting for the back office.</summary>
    public IEnumerable<RungUpSale> KeptSales => Outbox.DeadLetters().Select(d => new RungUpSale(Identity.TerminalId, d.Purchase.BusinessDay, d.Purchase.ReceiptId));

    /// <summary>How many answers were <paramref name="answerEvent"/>.</summary>
    public int Count(string answerEvent) => _answers.Count(a => a.Event == answerEvent);

    /// <summary>When the first answer <paramref name="answerEvent"/> at or after <paramref name="since"/> came.</summary>
    public DateTimeOffset? First(string answerEvent, DateTimeOffset since) =>
        _answers.Where(a => a.Event == answerEvent && a.At >= since).Select(a => (DateTimeOffset?)a.At).FirstOrDefault();

    /// <summary>Waits until nothing is left to send (dead letters stay, by design); false when that took longer than <paramref name="within"/>.</summary>
    public async Task<bool> DrainedAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (Outbox.Count() > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(200);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _background;
        }
        catch (OperationCanceledException)
        {
            // Stopped, as the terminal is on Ctrl+C.
        }
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}

/// <summary>A sale as the till rang it up: its identity in the ledger is store + till + business day + receipt.</summary>
public sealed record RungUpSale(string TerminalId, DateOnly? BusinessDay, string ReceiptId);
