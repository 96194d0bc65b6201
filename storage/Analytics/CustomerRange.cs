using System.Data.Common;
using System.Globalization;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// The customers whose ids are in [<see cref="From"/>, <see cref="To"/>), an open end being null: one part of a report
/// that groups the ledger by customer, run beside the others on a connection of its own (<see cref="SharedSnapshot"/>).
/// PostgreSQL's own parallel workers do not split such a grouping: each hands the leader a partial group for about
/// every customer it saw, and the leader merges them alone, so retention, monthly retention and cohorts ran on one core.
/// </summary>
internal sealed record CustomerRange(string? From, string? To)
{
    /// <summary>Every customer, in one part.</summary>
    public static readonly IReadOnlyList<CustomerRange> Everyone = [new(null, null)];

    /// <summary>Below this many ledger rows a report is not split: one core answers in well under a second.</summary>
    public const long SplitFromRows = 1_000_000;

    /// <summary>The range's condition on a customer id column, to add to a WHERE clause with AND ("TRUE" for everyone).</summary>
    public string Condition(string column) => (From, To) switch
    {
        (null, null) => "TRUE",
        (_, null) => $"{column} >= @range_from",
        (null, _) => $"{column} < @range_to",
        _ => $"{column} >= @range_from AND {column} < @range_to",
    };

    public DbCommand BindTo(DbCommand command)
    {
        if (From is not null)
        {
            command.With("range_from", From);
        }
        if (To is not null)
        {
            command.With("range_to", To);
        }
        return command;
    }

    /// <summary>
    /// The customers in ranges of about as many ledger rows each, cut at PostgreSQL's histogram of the ledger's customer
    /// ids (kept by ANALYZE and autovacuum; sorted again as the server compares now, in case its collation changed since),
    /// one range for each process a query may use there
    /// (<c>max_parallel_workers_per_gather</c> + 1). Everyone in one range on SQLite, for a ledger under
    /// <paramref name="splitFromRows"/> rows, and before the ledger has statistics.
    /// </summary>
    public static async Task<IReadOnlyList<CustomerRange>> SplitAsync(SqlDatabase database, DbConnection connection, DbTransaction snapshot,
        long splitFromRows, CancellationToken cancellationToken)
    {
        if (database is not PostgresDatabase)
        {
            return Everyone;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = """
            SELECT c.reltuples::bigint, current_setting('max_parallel_workers_per_gather')::integer + 1,
                   (SELECT ARRAY(SELECT b FROM unnest(s.histogram_bounds::text::text[]) b ORDER BY b) FROM pg_stats s
                    WHERE s.schemaname = n.nspname AND s.tablename = 'ledger' AND s.attname = 'customer_id' AND NOT s.inherited)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = 'ledger'::regclass
            """;
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        var (rows, parts) = (Convert.ToInt64(row.GetValue(0), CultureInfo.InvariantCulture), row.GetInt32(1));
        var bounds = row.IsDBNull(2) ? [] : (string[])row.GetValue(2);
        return Cut(bounds, rows >= splitFromRows ? Math.Min(parts, SharedSnapshot.ExtraConnections) : 1);
    }

    /// <summary>Ranges cut at <paramref name="parts"/> − 1 evenly spaced ids of a sorted histogram, repeated cuts dropped.</summary>
    public static IReadOnlyList<CustomerRange> Cut(IReadOnlyList<string> bounds, int parts)
    {
        if (parts < 2 || bounds.Count < 2)
        {
            return Everyone;
        }
        var cuts = Enumerable.Range(1, parts - 1).Select(k => bounds[k * (bounds.Count - 1) / parts]).Distinct().ToList();
        return [.. Enumerable.Range(0, cuts.Count + 1).Select(i => new CustomerRange(i == 0 ? null : cuts[i - 1], i == cuts.Count ? null : cuts[i]))];
    }
}
