namespace RetentionActors.Domain.Mechanics;

/// <summary>A stamp card: a stamp per unit of a matching line; every <see cref="StampsNeeded"/> stamps give a reward, the rest roll over.</summary>
public sealed record StampCardRule(string Id, string Name, string? Sku, string? Category, int StampsNeeded, string Reward)
{
    /// <summary>Stamps earned on these lines (whole units of matching lines).</summary>
    public int StampsFor(IEnumerable<(string Sku, string? Category, decimal Quantity)> lines) =>
        (int)lines.Where(Matches).Sum(l => decimal.Floor(l.Quantity));

    /// <summary>The stamps held after adding <paramref name="earned"/>, and how many rewards that completes.</summary>
    public (int Stamps, int Rewards) Add(int held, int earned) => ((held + earned) % StampsNeeded, (held + earned) / StampsNeeded);

    private bool Matches((string Sku, string? Category, decimal Quantity) line) =>
        (Sku is not null && string.Equals(line.Sku, Sku, StringComparison.OrdinalIgnoreCase))
        || (Category is not null && string.Equals(line.Category, Category, StringComparison.OrdinalIgnoreCase));
}
