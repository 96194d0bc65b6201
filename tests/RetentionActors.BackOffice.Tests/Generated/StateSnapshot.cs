using System.Security.Cryptography;
using System.Text;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>Every row of every table that matters, as text, with a digest per table to compare quickly.</summary>
public sealed class StateSnapshot
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _rows;
    private readonly IReadOnlyDictionary<string, string> _digests;

    public StateSnapshot(IReadOnlyDictionary<string, IReadOnlyList<string>> rows)
    {
        _rows = rows;
        _digests = rows.ToDictionary(t => t.Key, t => Digest(t.Value), StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Tables => [.. _rows.Keys];

    public int RowCount => _rows.Values.Sum(r => r.Count);

    /// <summary>What changed from <paramref name="before"/> to this snapshot, table by table (a few rows each); null when nothing did.</summary>
    public string? ChangesSince(StateSnapshot before)
    {
        var changes = new List<string>();
        foreach (var table in _rows.Keys.Union(before._rows.Keys).Order(StringComparer.Ordinal))
        {
            var now = _rows.GetValueOrDefault(table) ?? [];
            var then = before._rows.GetValueOrDefault(table) ?? [];
            if (_digests.GetValueOrDefault(table) == before._digests.GetValueOrDefault(table))
            {
                continue;
            }
            var added = now.Except(then, StringComparer.Ordinal).ToList();
            var removed = then.Except(now, StringComparer.Ordinal).ToList();
            changes.Add($"{table}: {then.Count} → {now.Count} rows"
                + string.Concat(added.Take(2).Select(r => $"\n      + {Short(r)}"))
                + string.Concat(removed.Take(2).Select(r => $"\n      - {Short(r)}")));
        }
        return changes.Count == 0 ? null : string.Join("\n    ", changes);
    }

    private static string Short(string row) => row.Length <= 300 ? row : row[..300] + "…";

    private static string Digest(IReadOnlyList<string> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in rows.Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(row));
            hash.AppendData("\n"u8);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
