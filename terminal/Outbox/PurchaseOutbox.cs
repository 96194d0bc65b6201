using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Terminal.Outbox;

/// <summary>
/// The durable local queue of purchases not yet confirmed by the silo (SQLite, synchronous=FULL).
/// A purchase is identified by store + till + business day + receipt like in the grains: queueing the same one
/// twice keeps one entry. The file's schema is versioned (<see cref="OutboxSchema"/>).
/// Entries leave only when the silo has answered for them.
/// </summary>
public sealed class PurchaseOutbox
{
    private readonly string _connectionString;

    public PurchaseOutbox(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        OutboxSchema.Apply(connection);
    }

    public string Path { get; }

    /// <summary>Queues a purchase and returns its sequence number; an already queued store + till + business day + receipt returns the existing entry's.</summary>
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
        insert.Parameters.AddWithValue("$at", purchase.OccurredAt.ToString("O", CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$amount", purchase.Amount.ToString(CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$lines", purchase.Lines is null ? DBNull.Value : JsonSerializer.Serialize(purchase.Lines));
        insert.Parameters.AddWithValue("$queued", now.ToString("O", CultureInfo.InvariantCulture));
        return (long)insert.ExecuteScalar()!;
    }

    /// <summary>All waiting purchases, oldest first.</summary>
    public IReadOnlyList<QueuedPurchase> Pending()
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT seq, card_id, store_id, terminal_id, receipt_id, occurred_at, amount, lines, queued_at, business_day FROM outbox ORDER BY seq";
        using var reader = select.ExecuteReader();
        var pending = new List<QueuedPurchase>();
        while (reader.Read())
        {
            var lines = reader.IsDBNull(7) ? null : JsonSerializer.Deserialize<List<PurchaseLine>>(reader.GetString(7));
            var purchase = new Purchase(reader.GetString(2), reader.GetString(3), reader.GetString(4),
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                decimal.Parse(reader.GetString(6), CultureInfo.InvariantCulture), lines)
            {
                BusinessDay = DateOnly.ParseExact(reader.GetString(9), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            pending.Add(new QueuedPurchase(reader.GetInt64(0), reader.GetString(1), purchase,
                DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture)));
        }
        return pending;
    }

    public int Count()
    {
        using var connection = Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM outbox";
        return Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Removes an entry the silo has answered for.</summary>
    public void Remove(long sequence)
    {
        using var connection = Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM outbox WHERE seq = $seq";
        delete.Parameters.AddWithValue("$seq", sequence);
        delete.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
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
