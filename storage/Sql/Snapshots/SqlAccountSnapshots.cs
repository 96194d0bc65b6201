using System.Data.Common;
using RetentionActors.Domain.Ledger;

namespace RetentionActors.Storage.Sql.Snapshots;

/// <summary>
/// The <c>account_snapshots</c> table: per customer, the latest snapshot of their points account and the ledger sequence
/// it covers, written in the commit of the ledger entries it follows. A customer's activation reads it and the ledger
/// after it, so its cost does not grow with the customer's age.
/// </summary>
internal static class SqlAccountSnapshots
{
    /// <summary>
    /// The schema step: the table, and an index for reading a customer's recent operation keys only.
    /// </summary>
    /// <param name="timeType">The engine's column type for UTC times.</param>
    /// <param name="tableOptions">What follows a table definition (SQLite's <c>WITHOUT ROWID</c>).</param>
    public static string CreateTable(string timeType, string tableOptions) => $"""
        CREATE TABLE account_snapshots (
            customer_id  text PRIMARY KEY,
            seq          bigint NOT NULL,        -- the last ledger entry it covers
            format       integer NOT NULL,       -- StoredAccountSnapshot.Format
            snapshot     text NOT NULL,          -- JSON of StoredAccountSnapshot
            recorded_utc {timeType} NOT NULL
        ){tableOptions};
        CREATE INDEX operations_recorded ON operations (customer_id, recorded_utc);
        """;

    /// <summary>
    /// Writes the customer's snapshot covering <paramref name="seq"/>, serialised by the caller (<see cref="StoredAccountSnapshot.Serialize"/>)
    /// off the writer's path. A snapshot never goes back: one covering less than the stored one is not written.
    /// </summary>
    public static void Write(GroupCommitWriter writer, SqlDatabase database, string customerId, long seq, string snapshotText) =>
        writer.Defer("""
            INSERT INTO account_snapshots (customer_id, seq, format, snapshot, recorded_utc) VALUES (@id, @seq, @format, @snapshot, @recorded)
            ON CONFLICT (customer_id) DO UPDATE SET seq = excluded.seq, format = excluded.format, snapshot = excluded.snapshot, recorded_utc = excluded.recorded_utc
            WHERE account_snapshots.seq < excluded.seq
            """)
            .With("id", customerId)
            .With("seq", seq)
            .With("format", StoredAccountSnapshot.Format)
            .With("snapshot", snapshotText)
            .With("recorded", database.Utc(DateTimeOffset.UtcNow))
            .Run();

    /// <summary>The rows of a format this build reads (a customer has one row at most): ends with the customer's id as <c>@id</c>.</summary>
    public static readonly string Readable =
        $"FROM account_snapshots WHERE format IN ({string.Join(", ", StoredAccountSnapshot.ReadFormats)}) AND customer_id = @id";

    /// <summary>The customer's snapshot: read by <see cref="ReadRowAsync"/>.</summary>
    public static readonly string Select = $"SELECT format, snapshot, recorded_utc {Readable}";

    /// <summary>The ledger sequence the customer's snapshot covers, 0 without one (a scalar for a subquery).</summary>
    public static readonly string CoveredSeq = $"COALESCE((SELECT seq {Readable}), 0)";

    /// <summary>The snapshot in the current result of <paramref name="row"/> (from <see cref="Select"/>) and when it was written; null when there is none.</summary>
    public static async Task<(AccountSnapshot Snapshot, DateTimeOffset RecordedAt)?> ReadRowAsync(DbDataReader row, SqlDatabase database, CancellationToken cancellationToken)
    {
        if (!await row.ReadAsync(cancellationToken))
        {
            return null;
        }
        var format = Convert.ToInt32(row.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
        return (StoredAccountSnapshot.Deserialize(format, row.GetString(1)).ToDomain(), database.ReadUtc(row, 2));
    }

    /// <summary>
    /// The entries up to <paramref name="upToSeq"/> booked under or referring to the receipts <paramref name="tail"/> names
    /// (<see cref="PointsAccount.ReceiptsNamed"/>), oldest first: what restoring needs of receipts the snapshot forgot. New
    /// sales have none, so this is usually an empty read.
    /// </summary>
    public static async Task<IReadOnlyList<LedgerEntry>> EarlierEntriesAsync(DbConnection connection, DbTransaction transaction, SqlDatabase database,
        string customerId, long upToSeq, IReadOnlyList<LedgerEntry> tail, CancellationToken cancellationToken)
    {
        var named = PointsAccount.ReceiptsNamed(tail);
        if (named.Count == 0)
        {
            return [];
        }
        await using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.With("id", customerId).With("upTo", upToSeq);
        // Ids are letters, digits and . _ - : (Require.Id), so a receipt key's last part is its receipt number. Candidates
        // by number or reference, then exactly by key below; a very long tail (one huge commit) reads every earlier entry.
        // A tail is up to SnapshotSchedule.MostAfter entries, each naming one receipt or two: up to 8,000 parameters, far
        // below SQLite's 32,766 and PostgreSQL's 65,535.
        var numbers = named.Select(key => key[(key.LastIndexOf('/') + 1)..]).Distinct().ToList();
        var filter = "";
        if (named.Count <= 4_000)
        {
            filter = $" AND (receipt_id IN ({Parameters(query, "n", numbers)}) OR refers_to IN ({Parameters(query, "k", named)}))";
        }
        query.CommandText = $"SELECT {SqlLedgerRows.Columns} FROM ledger WHERE customer_id = @id AND seq <= @upTo{filter} ORDER BY seq";
        var entries = new List<LedgerEntry>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var entry = SqlLedgerRows.Read(reader, database);
            if (named.Contains(entry.ReceiptKey ?? "") || named.Contains(entry.RefersTo ?? ""))
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    private static string Parameters(DbCommand command, string prefix, IEnumerable<string> values) =>
        string.Join(", ", values.Select((value, i) =>
        {
            command.With($"{prefix}{i}", value);
            return $"@{prefix}{i}";
        }));
}
