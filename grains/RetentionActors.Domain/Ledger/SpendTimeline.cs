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
