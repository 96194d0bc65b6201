using RetentionActors.Bench.Load;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Bench.Soak;

/// <summary>
/// The operations that finished in one window of a soak: their latencies from arrival, how they were answered, and the
/// seconds in which each till had an operation waiting longer than <see cref="SlowTicks"/> (for telling synchronized
/// stalls, all tills slow in the same second, from one till's bad luck).
/// </summary>
public sealed class WindowTally
{
    /// <summary>What counts as a till waiting: issue 22 saw all tills wait more than 100 ms in the same second.</summary>
    public static readonly long SlowTicks = Stopwatch.Frequency / 10;

    private readonly List<long> _latencies = [];
    private readonly Dictionary<string, int> _answers = [];
    private readonly Dictionary<long, HashSet<int>> _slowTillsBySecond = [];

    /// <summary>The window's slowest operation, for setting it against the silo's GC, log and collector passes.</summary>
    public SlowestOperation? Slowest { get; private set; }

    public int Operations => _latencies.Count;

    /// <summary>Operations that threw instead of answering.</summary>
    public int Failed { get; private set; }

    public int Answered(string answerEvent) => _answers.GetValueOrDefault(answerEvent);

    /// <summary>Operations answered neither accrued, redeemed nor queued (declined, or anything unexpected).</summary>
    public int Other => Operations - Failed - Answered(AnswerEvents.Accrued) - Answered(AnswerEvents.Redeemed) - Answered(AnswerEvents.Queued);

    public IReadOnlyList<long> LatencyTicks => _latencies;

    /// <summary>Seconds in which every one of <paramref name="tills"/> tills had an operation waiting longer than <see cref="SlowTicks"/>.</summary>
    public int StalledSeconds(int tills) => _slowTillsBySecond.Values.Count(slow => slow.Count >= tills);

    /// <summary>When those seconds began, as UTC times, for setting them against the silo's log and GC counters.</summary>
    public IEnumerable<DateTime> StalledSecondsUtc(int tills)
    {
        var (ticksNow, utcNow) = (Stopwatch.GetTimestamp(), DateTime.UtcNow);
        return _slowTillsBySecond.Where(s => s.Value.Count >= tills)
            .Select(s => utcNow - TimeSpan.FromSeconds((double)(ticksNow - s.Key * Stopwatch.Frequency) / Stopwatch.Frequency))
            .Order();
    }

    /// <param name="servedTicks">When the till took the operation up: what came before is waiting behind the till's earlier ones.</param>
    public void Add(long latencyTicks, string? answerEvent, int till, long arrivalTicks, long servedTicks)
    {
        _latencies.Add(latencyTicks);
        if (latencyTicks > (Slowest?.LatencyTicks ?? 0))
        {
            Slowest = new SlowestOperation(DateTime.UtcNow - Stopwatch.GetElapsedTime(arrivalTicks), till, latencyTicks, servedTicks - arrivalTicks, answerEvent);
        }
        // The till was waiting too long from SlowTicks after the arrival until the answer: mark each second of that.
        for (var second = (arrivalTicks + SlowTicks) / Stopwatch.Frequency; latencyTicks > SlowTicks && second <= (arrivalTicks + latencyTicks) / Stopwatch.Frequency; second++)
        {
            if (!_slowTillsBySecond.TryGetValue(second, out var slow))
            {
                _slowTillsBySecond[second] = slow = [];
            }
            slow.Add(till);
        }
        if (answerEvent is null)
        {
            Failed++;
        }
        else
        {
            _answers[answerEvent] = Answered(answerEvent) + 1;
        }
    }

    public Latencies Latencies() => Load.Latencies.From([.. _latencies]);
}

/// <summary>One operation: when it arrived, at which till, how long it took from arrival, and how much of that it waited for the till.</summary>
public sealed record SlowestOperation(DateTime ArrivedUtc, int Till, long LatencyTicks, long WaitedTicks, string? Answer)
{
    public override string ToString() => FormattableString.Invariant(
        $"{ArrivedUtc:HH:mm:ss.fff} till {Till}: {Stopwatch.GetElapsedTime(0, LatencyTicks).TotalMilliseconds:F1} ms, of which {Stopwatch.GetElapsedTime(0, WaitedTicks).TotalMilliseconds:F1} waiting for the till ({Answer ?? "failed"})");
}
