namespace RetentionActors.Bench.Load;

/// <summary>One simulated till inside a load run: its number, its own random source and extra timings it marks.</summary>
public sealed class SimulatedTerminal(int index, int seed)
{
    private readonly Dictionary<string, List<long>> _marks = [];

    public int Index { get; } = index;
    public Random Random { get; } = new(seed);
    public long Sequence { get; internal set; }
    internal bool Measuring { get; set; }

    public string Id => $"T{Index:D3}";

    /// <summary>Records a timing of a part of the operation (for example one duplicate) under <paramref name="series"/>.</summary>
    public void Mark(string series, long elapsedTicks)
    {
        if (!Measuring)
        {
            return;
        }
        if (!_marks.TryGetValue(series, out var list))
        {
            _marks[series] = list = [];
        }
        list.Add(elapsedTicks);
    }

    internal IReadOnlyDictionary<string, List<long>> Marks => _marks;
}
