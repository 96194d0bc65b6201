using System.Text.Json;
using Microsoft.Data.Sqlite;
using RetentionActors.Domain.Ledger;

namespace RetentionActors.Storage.Sqlite;

/// <summary>Ledger entries to and from rows of the <c>ledger</c> table.</summary>
internal static class SqliteLedgerRows
{
    public const string Columns =
        "seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, recorded_utc, reason, operator_id, draws";

    public static void Insert(GroupCommitWriter writer, string customerId, LedgerEntry entry)
    {
        var insert = writer.Command($"""
            INSERT INTO ledger (customer_id, occurred_utc, {Columns})
            VALUES ($customer, $occurred_utc, $seq, $kind, $points, $amount, $balance_after, $key, $store, $terminal, $receipt, $card,
                    $refers_to, $occurred_at, $recorded, $reason, $operator, $draws)
            """);
        var p = insert.Parameters;
        p.AddWithValue("$customer", customerId);
        p.AddWithValue("$occurred_utc", SqliteText.Utc(entry.OccurredAt));
        p.AddWithValue("$seq", entry.Seq);
        p.AddWithValue("$kind", entry.Kind.ToString());
        p.AddWithValue("$points", entry.Points);
        p.AddWithValue("$amount", entry.Amount);
        p.AddWithValue("$balance_after", entry.BalanceAfter);
        p.AddWithValue("$key", entry.IdempotencyKey);
        p.AddWithValue("$store", Nullable(entry.StoreId));
        p.AddWithValue("$terminal", Nullable(entry.TerminalId));
        p.AddWithValue("$receipt", Nullable(entry.ReceiptId));
        p.AddWithValue("$card", Nullable(entry.CardId));
        p.AddWithValue("$refers_to", Nullable(entry.RefersTo));
        p.AddWithValue("$occurred_at", SqliteText.AsGiven(entry.OccurredAt));
        p.AddWithValue("$recorded", SqliteText.Utc(entry.RecordedAt));
        p.AddWithValue("$reason", Nullable(entry.Reason));
        p.AddWithValue("$operator", Nullable(entry.OperatorId));
        p.AddWithValue("$draws", entry.Draws.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(entry.Draws.Select(d => new[] { d.LotSeq, d.Points })));
        insert.ExecuteNonQuery();
    }

    public static LedgerEntry Read(SqliteDataReader row) => new()
    {
        Seq = row.GetInt64(0),
        Kind = Enum.Parse<EntryKind>(row.GetString(1)),
        Points = row.GetInt64(2),
        Amount = row.GetDecimal(3),
        BalanceAfter = row.GetInt64(4),
        IdempotencyKey = row.GetString(5),
        StoreId = Text(row, 6),
        TerminalId = Text(row, 7),
        ReceiptId = Text(row, 8),
        CardId = Text(row, 9),
        RefersTo = Text(row, 10),
        OccurredAt = SqliteText.Time(row.GetString(11)),
        RecordedAt = SqliteText.Time(row.GetString(12)),
        Reason = Text(row, 13),
        OperatorId = Text(row, 14),
        Draws = row.IsDBNull(15) ? [] : [.. JsonSerializer.Deserialize<long[][]>(row.GetString(15))!.Select(d => new LotDraw(d[0], d[1]))],
    };

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private static string? Text(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
