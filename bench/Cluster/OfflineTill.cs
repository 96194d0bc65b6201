using Microsoft.Extensions.Logging.Abstractions;
using RetentionActors.Bench.Load;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;

namespace RetentionActors.Bench.Cluster;

/// <summary>
/// A till that rang up purchases while the silo was out of reach: the terminal's own durable outbox
/// (<see cref="PurchaseOutbox"/>) filled with purchases of seeded customers, later replayed by the terminal's own
/// <see cref="OutboxReplayer"/>. Remembers the first answer per receipt (a repeat carries the original's points).
/// </summary>
public sealed class OfflineTill(string outboxPath, string terminalId, string receiptTag)
{
    private readonly Dictionary<string, long> _pointsByReceipt = [];
    private readonly HashSet<int> _ranks = [];
    private int _queued;
    private int _answered;

    public string TerminalId => terminalId;

    /// <summary>Receipt ids start with this: the ledger audit finds this till's purchases by it.</summary>
    public string ReceiptTag => receiptTag;

    /// <summary>Customers the queued purchases belong to.</summary>
    public IReadOnlyCollection<int> Ranks => _ranks;

    /// <summary>Receipts the silo answered for, accepted or not, over every drain so far.</summary>
    public int ReceiptsAnswered => _pointsByReceipt.Count;

    public int Declined { get; private set; }

    /// <summary>Purchases queued so far, for progress lines.</summary>
    public long Queued => Volatile.Read(ref _queued);

    /// <summary>Answers received so far over every drain, for progress lines.</summary>
    public long Answered => Volatile.Read(ref _answered);

    /// <summary>Points the silo said the receipts earned, each receipt counted once.</summary>
    public long PointsOfReceipts => _pointsByReceipt.Values.Sum();

    public int PendingCount() => new PurchaseOutbox(outboxPath).Count();

    /// <summary>Queues <paramref name="count"/> purchases as the till does while offline, one durable insert each; returns each insert's ticks.</summary>
    public List<long> Fill(int count, Zipf customers, Random random)
    {
        var outbox = new PurchaseOutbox(outboxPath);
        var ticks = new List<long>(count);
        for (var i = 0; i < count; i++)
        {
            var rank = customers.Next(random);
            _ranks.Add(rank);
            var purchase = Shop.Purchase(random, terminalId, $"{receiptTag}-{i}");
            var started = Stopwatch.GetTimestamp();
            outbox.Enqueue(Shop.CardId(rank), purchase, DateTimeOffset.UtcNow);
            ticks.Add(Stopwatch.GetTimestamp() - started);
            Interlocked.Increment(ref _queued);
        }
        return ticks;
    }

    /// <summary>
    /// Starts the terminal afresh (a new outbox object and replayer on the same file) and drains. With
    /// <paramref name="stopAfter"/> the drain is cancelled right after that many answers, as a till switched off
    /// mid-drain: the next entry's call is already on its way to the silo when the cancellation is seen.
    /// </summary>
    public async Task<DrainRun> DrainAsync(IGrainFactory grains, int? stopAfter = null)
    {
        var replayer = new OutboxReplayer(new PurchaseOutbox(outboxPath), new FixedGrainAccess(grains), NullLogger<OutboxReplayer>.Instance);
        using var stop = new CancellationTokenSource();
        var gaps = new List<long>();
        var (answered, alreadyRecorded) = (0, 0);
        var last = Stopwatch.GetTimestamp();
        replayer.Replayed = answer =>
        {
            var now = Stopwatch.GetTimestamp();
            gaps.Add(now - last);
            last = now;
            answered++;
            Interlocked.Increment(ref _answered);
            if (answer.Sent is AccruedAnswer { Replayed: true })
            {
                alreadyRecorded++;
            }
            if (answer.IsDeclined)
            {
                Declined++;
            }
            var (receiptId, points) = answer.Sent switch
            {
                AccruedAnswer accrued => (accrued.ReceiptId, accrued.PointsEarned),
                DeclinedAnswer declined => (declined.ReceiptId!, 0L),
                _ => throw new InvalidOperationException($"A queued sale was answered {answer.Sent.Event}."),
            };
            _pointsByReceipt.TryAdd(receiptId, points);
            if (answered == stopAfter)
            {
                stop.Cancel();
            }
        };
        var interrupted = false;
        try
        {
            await replayer.DrainAsync(null, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            interrupted = true;
        }
        return new DrainRun(answered, alreadyRecorded, interrupted, gaps);
    }
}

/// <summary>One drain: answers received, how many the silo already had, whether it was cut off, ticks between answers.</summary>
public sealed record DrainRun(int Answered, int AlreadyRecorded, bool Interrupted, List<long> Gaps);
