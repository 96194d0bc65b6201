using RetentionActors.Bench.Load;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Bench.Soak;

/// <summary>The operations that finished in one window of a soak: their latencies from arrival, and how they were answered.</summary>
public sealed class WindowTally
{
    private readonly List<long> _latencies = [];
    private readonly Dictionary<string, int> _answers = [];

    public int Operations => _latencies.Count;

    /// <summary>Operations that threw instead of answering.</summary>
    public int Failed { get; private set; }

    public int Answered(string answerEvent) => _answers.GetValueOrDefault(answerEvent);

    /// <summary>Operations answered neither accrued, redeemed nor queued (declined, or anything unexpected).</summary>
    public int Other => Operations - Failed - Answered(AnswerEvents.Accrued) - Answered(AnswerEvents.Redeemed) - Answered(AnswerEvents.Queued);

    public IReadOnlyList<long> LatencyTicks => _latencies;

    public void Add(long latencyTicks, string? answerEvent)
    {
        _latencies.Add(latencyTicks);
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
