using RetentionActors.Contracts;
using RetentionActors.Contracts.Program;
using RetentionActors.Domain.Preview;

namespace RetentionActors.Silo.Api;

/// <summary>A draft of the program settings and a sample purchase to judge by it (POST /api/program/preview).</summary>
public sealed record ProgramPreviewRequest(ProgramSettings Settings, SamplePurchaseRequest Purchase);

/// <summary>
/// A sample purchase: its amount; when it happens (default: now), which decides the campaigns running; the buyer's tier
/// (default: the tier this purchase alone reaches); and its lines, at most <see cref="MostLines"/>.
/// </summary>
public sealed record SamplePurchaseRequest(decimal Amount, DateTimeOffset? At = null, string? Tier = null, IReadOnlyList<SampleLineRequest>? Lines = null)
{
    public const int MostLines = 100;

    /// <summary>The sample as the Domain takes it; throws <see cref="InvalidRequestException"/> naming the field that is wrong.</summary>
    public SamplePurchase ToSample(DateTimeOffset now)
    {
        Require.PositiveAmount(Amount, "purchase.amount");
        if (At is { } at)
        {
            Require.PlausibleTime(at, now, "purchase.at");
        }
        if (Tier is not null)
        {
            Require.Text(Tier, "purchase.tier", 40);
        }
        if (Lines is { Count: > MostLines })
        {
            throw new InvalidRequestException($"A sample purchase has at most {MostLines} lines.", "purchase.lines");
        }
        var lines = Lines ?? [];
        if (lines.Any(l => l is null))
        {
            throw new InvalidRequestException("purchase.lines must not hold null.", "purchase.lines");
        }
        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            line.Validate($"purchase.lines[{i}]");
        }
        return new SamplePurchase(Amount, At ?? now, Tier, [.. lines.Select(l => new SampleLine(l.Sku, l.Category, l.Amount, l.Quantity))]);
    }
}

/// <summary>A line of a sample purchase: sku or category (stamp cards and category multipliers match on them), amount, units.</summary>
public sealed record SampleLineRequest(decimal Amount, string? Sku = null, string? Category = null, decimal Quantity = 1m)
{
    public void Validate(string field)
    {
        Require.PositiveAmount(Amount, field + ".amount");
        if (Sku is not null)
        {
            Require.Text(Sku, field + ".sku", 64);
        }
        if (Category is not null)
        {
            Require.Text(Category, field + ".category", 64);
        }
        if (Quantity is <= 0m or > 10_000m || decimal.Round(Quantity, 3) != Quantity)
        {
            throw new InvalidRequestException($"{field}.quantity must be above 0 and at most 10,000, with at most 3 decimals; got {Quantity}.", field + ".quantity");
        }
    }
}
