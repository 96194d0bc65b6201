using System.Data.Common;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// The twelve quintile thresholds RFM scores against (<c>@r1</c>..<c>@r4</c> on the last purchase, <c>@f1</c>..<c>@f4</c> on
/// the number of purchases, <c>@m1</c>..<c>@m4</c> on the spend), read in the snapshot of the query that scores with them
/// and bound to it as parameters.
/// </summary>
/// <remarks>
/// A score is 1 + L × 5 / n in integer arithmetic, L counting the n buyers with a strictly lower value (RANK() − 1), so it is
/// 1 plus the number of s in 1..4 with L × 5 ≥ s × n, that is L ≥ t = ceil(s × n / 5); and L ≥ t exactly when the value is
/// above the t-th smallest value (offset t − 1 = (s × n − 1) / 5, never negative, also with no buyers). Each threshold is an
/// index look-up that walks to its offset, so the two upper ones are read from the index's other end (the value at offset t
/// from below is the one at n − 1 − t from above): 1.2 n entries walked per score instead of 2 n. The thresholds are in
/// order (r1 ≤ r2 ≤ r3 ≤ r4), so a score is above k exactly when the value is above the k-th threshold.
/// On PostgreSQL the three scores' look-ups run at once (<see cref="SharedSnapshot"/>): at 10 M members they walk about
/// 29 M index entries, a few seconds on one core.
/// </remarks>
internal sealed class RfmThresholds
{
    private static readonly (string Name, Func<SqlDatabase, string> Column)[] Scores =
    [
        ("r", _ => "last_purchase_utc"), ("f", _ => "purchases"), ("m", CustomerTotalsSql.SpendRankColumn),
    ];

    private readonly Dictionary<string, object?> _values;

    private RfmThresholds(Dictionary<string, object?> values) => _values = values;

    /// <summary>Binds the twelve thresholds to a query that names them.</summary>
    public DbCommand BindTo(DbCommand command)
    {
        foreach (var (name, value) in _values)
        {
            command.With(name, value);
        }
        return command;
    }

    public static async Task<RfmThresholds> ReadAsync(SqlDatabase database, DbConnection connection, DbTransaction snapshot, CancellationToken cancellationToken)
    {
        long buyers;
        await using (var count = connection.Command(snapshot, "SELECT COUNT(*) FROM customer_totals WHERE last_purchase_utc IS NOT NULL"))
        {
            buyers = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        var scores = await SharedSnapshot.RunAsync(database, connection, snapshot, Scores,
            (on, shared, score, token) => LookUpAsync(on, shared, score.Name, score.Column(database), buyers, token), cancellationToken);
        var values = scores.SelectMany(score => score).ToDictionary(found => found.Name, found => found.Value);
        return new RfmThresholds(values);
    }

    private static async Task<List<(string Name, object? Value)>> LookUpAsync(DbConnection connection, DbTransaction snapshot, string name, string column,
        long buyers, CancellationToken cancellationToken)
    {
        var found = new List<(string, object?)>();
        for (var s = 1; s <= 4; s++)
        {
            var fromBelow = (s * buyers - 1) / 5;
            var (order, offset) = s <= 2 ? ("", fromBelow) : (" DESC", buyers == 0 ? 0 : buyers - 1 - fromBelow);
            await using var lookUp = connection.Command(snapshot,
                $"SELECT {column} FROM customer_totals WHERE last_purchase_utc IS NOT NULL ORDER BY {column}{order} LIMIT 1 OFFSET @offset").With("offset", offset);
            var value = await lookUp.ExecuteScalarAsync(cancellationToken);
            found.Add(($"{name}{s}", value is DBNull ? null : value));
        }
        return found;
    }
}
