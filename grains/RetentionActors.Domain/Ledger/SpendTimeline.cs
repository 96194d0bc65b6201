namespace RetentionActors.Domain.Ledger;

/// <summary>
/// Net spend by the time of the purchase, with running totals, so a 12-month rolling sum is two binary
/// searches. Tills deliver mostly in time order, so adding is usually an append; a late sale or a
/// refund (a negative amount at the original purchase's time) updates the totals after it.
/// </summary>
internal sealed class SpendTimeline
{
    private readonly List<DateTimeOffset> _times = [];
    private readonly List<decimal> _totals = [];

    public void Add(DateTimeOffset at, decimal amount)
    {
        var index = _times.Count == 0 || _times[^1] <= at ? _times.Count : CountUpTo(at);
        _times.Insert(index, at);
        _totals.Insert(index, (index == 0 ? 0m : _totals[index - 1]) + amount);
        for (var i = index + 1; i < _totals.Count; i++)
        {
            _totals[i] += amount;
        }
    }

    /// <summary>
    /// The spend after <paramref name="from"/>, point by point, with everything up to it folded into one point at
    /// <paramref name="from"/>: sums over windows that start at or after it stay exact, and the list stays bounded.
    /// </summary>
    public IReadOnlyList<SpendPoint> Since(DateTimeOffset from)
    {
        var before = CountUpTo(from);
        var points = new List<SpendPoint>();
        if (before > 0)
        {
            points.Add(new SpendPoint(from, _totals[before - 1]));
        }
        for (var i = before; i < _times.Count; i++)
        {
            points.Add(new SpendPoint(_times[i], _totals[i] - (i == 0 ? 0m : _totals[i - 1])));
        }
        return points;
    }

    /// <summary>How many points <see cref="Since"/> would give for <paramref name="from"/>: those after it, and one for all before.</summary>
    public int CountAfter(DateTimeOffset from) => CountUpTo(from) is var before and > 0 ? _times.Count - before + 1 : _times.Count;

    /// <summary>The newest time spend was recorded at; null when none was.</summary>
    public DateTimeOffset? Newest => _times.Count == 0 ? null : _times[^1];

    /// <summary>Spend after <paramref name="from"/> and up to and including <paramref name="to"/>.</summary>
    public decimal Between(DateTimeOffset from, DateTimeOffset to) => TotalUpTo(to) - TotalUpTo(from);

    private decimal TotalUpTo(DateTimeOffset at) => CountUpTo(at) is var count and > 0 ? _totals[count - 1] : 0m;

    // How many entries are at or before `at` (the index after the last of them).
    private int CountUpTo(DateTimeOffset at)
    {
        var (low, high) = (0, _times.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_times[middle] <= at)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }
}
