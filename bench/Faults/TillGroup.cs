namespace RetentionActors.Bench.Faults;

/// <summary>The tills of a shop floor, opened together and switched off together.</summary>
public sealed class TillGroup(IReadOnlyList<BenchTill> tills) : IAsyncDisposable
{
    public IReadOnlyList<BenchTill> Tills => tills;

    /// <summary>The sales every till keeps as a dead letter.</summary>
    public IEnumerable<RungUpSale> KeptSales => tills.SelectMany(t => t.KeptSales);

    public async ValueTask DisposeAsync()
    {
        foreach (var till in tills)
        {
            await till.DisposeAsync();
        }
    }
}
