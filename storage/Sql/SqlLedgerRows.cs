using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using RetentionActors.Domain.Ledger;

namespace RetentionActors.Storage.Sql;

/// <summary>Ledger entries to and from rows of the <c>ledger</c> table.</summary>
internal static class SqlLedgerRows
{
    public const string Columns =
        "seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, recorded_utc, reason, operator_id, draws, business_day, approved_by, debt";

    /// <param name="failure">What the caller sees instead of the database's error (a taken sequence number is a conflict).</param>
    public static void Insert(GroupCommitWriter writer, SqlDatabase database, string customerId, LedgerEntry entry, Func<Exception, Exception?> failure) =>
        writer.Defer($"""
            INSERT INTO ledger (customer_id, occurred_utc, {Columns})
            VALUES (@customer, @occurred_utc, @seq, @kind, @points, @amount, @balance_after, @key, @store, @terminal, @receipt, @card,
                    @refers_to, @occurred_at, @recorded, @reason, @operator, @draws, @business_day, @approved_by, @debt)
            """)
            .With("customer", customerId)
            .With("occurred_utc", database.Utc(entry.OccurredAt))
            .With("seq", entry.Seq)
            .With("kind", entry.Kind.ToString())
            .With("points", entry.Points)
            .With("amount", entry.Amount)
            .With("balance_after", entry.BalanceAfter)
            .With("key", entry.IdempotencyKey)
            .With("store", entry.StoreId)
            .With("terminal", entry.TerminalId)
            .With("receipt", entry.ReceiptId)
            .With("card", entry.CardId)
            .With("refers_to", entry.RefersTo)
            .With("occurred_at", entry.OccurredAt.ToString("O", CultureInfo.InvariantCulture))
            .With("recorded", database.Utc(entry.RecordedAt))
            .With("reason", entry.Reason)
            .With("operator", entry.OperatorId)
            .With("draws", entry.Draws.Count == 0 ? null : JsonSerializer.Serialize(entry.Draws.Select(d => new[] { d.LotSeq, d.Points })))
            .With("business_day", entry.BusinessDay)
            .With("approved_by", entry.ApprovedBy)
            .With("debt", entry.Debt)
            .Run(failure: failure);

    public static LedgerEntry Read(DbDataReader row, SqlDatabase database) => new()
    {
        Seq = row.GetInt64(0),
        Kind = Enum.Parse<EntryKind>(row.GetString(1)),
        Points = row.GetInt64(2),
        Amount = row.GetDecimal(3),
        BalanceAfter = row.GetInt64(4),
        IdempotencyKey = row.GetString(5),
        StoreId = row.NullableString(6),
        TerminalId = row.NullableString(7),
        ReceiptId = row.NullableString(8),
        CardId = row.NullableString(9),
        RefersTo = row.NullableString(10),
        OccurredAt = DateTimeOffset.Parse(row.GetString(11), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        RecordedAt = database.ReadUtc(row, 12),
        Reason = row.NullableString(13),
        OperatorId = row.NullableString(14),
        Draws = row.IsDBNull(15) ? [] : [.. JsonSerializer.Deserialize<long[][]>(row.GetString(15))!.Select(d => new LotDraw(d[0], d[1]))],
        BusinessDay = row.IsDBNull(16) ? null : row.GetFieldValue<DateOnly>(16),
        ApprovedBy = row.NullableString(17),
        Debt = row.GetInt64(18),
    };
}
