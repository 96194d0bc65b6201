using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RetentionActors.Contracts.Ledger;
using SQLitePCL;

namespace RetentionActors.Terminal.Outbox;

/// <summary>
/// The durable local queue of purchases not yet booked by the silo (SQLite, synchronous=FULL).
/// A purchase is identified by store + till + business day + receipt like in the grains: queueing the same one
/// twice keeps one entry. The file's schema is versioned (<see cref="OutboxSchema"/>).
/// Nothing refused is deleted: an entry leaves only through <see cref="Delete"/>, when the silo booked it or an
/// operator dismissed it; a refused entry stays as a dead letter (<see cref="SetAside"/>).
/// </summary>
public sealed partial class PurchaseOutbox
{
    private const string EntryColumns = "seq, card_id, store_id, terminal_id, receipt_id, occurred_at, amount, lines, queued_at, business_day";

    private readonly string _connectionString;
    // Held while a pooled connection is taken from the pool: see Open.
    private static readonly Lock PoolGuard = new();

    public PurchaseOutbox(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        // Pooled: connections stay open between operations. Unpooled, every operation opened the file and, closing the
        // last connection, checkpointed and deleted the write-ahead log; an operation opening it meanwhile was told the
        // file was busy before its busy timeout was set, and the driver waited 150 ms to retry: a till stalled for 150 ms
        // every few seconds under steady selling (docs/performance.md, the soak).
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        OutboxSchema.Apply(connection);
    }

    public string Path { get; }

    /// <summary>
    /// Queues a purchase and returns its sequence number; an already kept store + till + business day + receipt (waiting,
    /// or a dead letter) returns the existing entry's.
    /// </summary>
    public long Enqueue(string cardId, Purchase purchase, DateTimeOffset now)
    {
        using var connection = Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO outbox (card_id, store_id, terminal_id, business_day, receipt_id, occurred_at, amount, lines, queued_at)
            VALUES ($card, $store, $terminal, $day, $receipt, $at, $amount, $lines, $queued)
            ON CONFLICT (store_id, terminal_id, business_day, receipt_id) DO NOTHING;
            SELECT seq FROM outbox WHERE store_id = $store AND terminal_id = $terminal AND business_day = $day AND receipt_id = $receipt;
            """;
        insert.Parameters.AddWithValue("$card", cardId);
        insert.Parameters.AddWithValue("$store", purchase.StoreId);
        insert.Parameters.AddWithValue("$terminal", purchase.TerminalId);
        insert.Parameters.AddWithValue("$day", TillDay.Text(purchase.Day));
        insert.Parameters.AddWithValue("$receipt", purchase.ReceiptId);
        insert.Parameters.AddWithValue("$at", Text(purchase.OccurredAt));
        insert.Parameters.AddWithValue("$amount", purchase.Amount.ToString(CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$lines", purchase.Lines is null ? DBNull.Value : JsonSerializer.Serialize(purchase.Lines));
        insert.Parameters.AddWithValue("$queued", Text(now));
        return (long)insert.ExecuteScalar()!;
    }

    /// <summary>All purchases waiting to be sent, oldest first (dead letters are not sent again).</summary>
    public IReadOnlyList<QueuedPurchase> Pending()
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {EntryColumns}, attempts, retry_at FROM outbox WHERE dead_reason IS NULL ORDER BY seq";
        using var reader = select.ExecuteReader();
        var pending = new List<QueuedPurchase>();
        while (reader.Read())
        {
            pending.Add(new QueuedPurchase(reader.GetInt64(0), reader.GetString(1), ReadPurchase(reader), ParseTime(reader.GetString(8)),
                reader.GetInt32(10), reader.IsDBNull(11) ? null : ParseTime(reader.GetString(11))));
        }
        return pending;
    }

    /// <summary>Purchases waiting to be sent (dead letters not counted: see <see cref="DeadLetterCount"/>).</summary>
    public int Count() => CountWhere("dead_reason IS NULL");

    /// <summary>Notes an unexpected error on an entry: it is tried again, not before <paramref name="retryAt"/>.</summary>
    public void ScheduleRetry(long sequence, int attempts, DateTimeOffset retryAt, string error)
    {
        using var connection = Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE outbox SET attempts = $attempts, retry_at = $retry, last_error = $error WHERE seq = $seq AND dead_reason IS NULL";
        update.Parameters.AddWithValue("$attempts", attempts);
        update.Parameters.AddWithValue("$retry", Text(retryAt));
        update.Parameters.AddWithValue("$error", error);
        update.Parameters.AddWithValue("$seq", sequence);
        update.ExecuteNonQuery();
    }

    /// <summary>
    /// The one way an entry leaves the outbox, and only for <paramref name="reason"/>: the silo booked it, or an operator
    /// dismissed it. A refused or failing entry is never deleted; it becomes a dead letter instead.
    /// </summary>
    public void Delete(long sequence, OutboxRemoval reason)
    {
        if (!Enum.IsDefined(reason))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "An entry leaves the outbox only when accrued or dismissed.");
        }
        using var connection = Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM outbox WHERE seq = $seq";
        delete.Parameters.AddWithValue("$seq", sequence);
        delete.ExecuteNonQuery();
    }

    private int CountWhere(string condition)
    {
        using var connection = Open();
        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM outbox WHERE {condition}";
        return Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    // Reads the columns of EntryColumns 2 to 9 (store … business day) as the purchase rung up.
    private static Purchase ReadPurchase(SqliteDataReader reader)
    {
        var lines = reader.IsDBNull(7) ? null : JsonSerializer.Deserialize<List<PurchaseLine>>(reader.GetString(7));
        return new Purchase(reader.GetString(2), reader.GetString(3), reader.GetString(4), ParseTime(reader.GetString(5)),
            decimal.Parse(reader.GetString(6), CultureInfo.InvariantCulture), lines)
        {
            BusinessDay = DateOnly.ParseExact(reader.GetString(9), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    private static string Text(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        // The sale's own path and the background drain open at once. Microsoft.Data.Sqlite's pool can lend one native
        // connection to two opens that race (dotnet/efcore#39008): a queued sale's insert could then run inside another
        // operation's transaction (keeping an allowance, booking an offline redemption) and be lost with its rollback.
        // Taken one at a time, a pooled connection has one owner (the store's reads do the same: SqliteDatabase.OpenRead).
        lock (PoolGuard)
        {
            connection.Open();
        }
        // A pooled connection SQLite left inside a transaction the driver forgot would take this operation's writes into
        // it, never committed: a queued sale acknowledged and then lost. Should never happen; cheap to rule out.
        if (raw.sqlite3_get_autocommit(connection.Handle) == 0)
        {
            Execute(connection, "ROLLBACK;");
        }
        Execute(connection, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
