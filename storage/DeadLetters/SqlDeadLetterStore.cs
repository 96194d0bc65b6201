using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.DeadLetters;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.DeadLetters;

/// <summary>
/// Dead letters in the <c>dead_letters</c> table (SQLite or PostgreSQL). Resolving one for an audited back-office call
/// writes its audit row in the same transaction.
/// </summary>
public sealed class SqlDeadLetterStore(SqlDatabase database) : IDeadLetterStore
{
    private const string Columns = """
        store_id, terminal_id, business_day, receipt_id, card_id, amount, lines, occurred_at, reason_code, message, since_utc, attempts,
        clock_skew_ms, reported_utc, status, corrected_card_id, corrected_amount, corrected_occurred_at, resolved_by, resolved_utc, resolution_note, points_earned
        """;

    private const string Key = "store_id = @store AND terminal_id = @terminal AND business_day = @day AND receipt_id = @receipt";

    public async Task<DeadLetter> AddOrRefreshAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        // One statement each, so a batch retried by the writer does the same again.
        await database.Writer.WriteAsync(writer =>
        {
            ForLetter(writer.Command($"""
                INSERT INTO dead_letters ({Columns})
                VALUES (@store, @terminal, @day, @receipt, @card, @amount, @lines, @occurred, @reason, @message, @since, @attempts,
                        @skew, @reported, @status, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
                ON CONFLICT DO NOTHING
                """), letter)
                .With("card", letter.CardId)
                .With("amount", letter.Amount)
                .With("lines", letter.Lines is null ? null : JsonSerializer.Serialize(letter.Lines))
                .With("occurred", Offset(letter.OccurredAt))
                .With("reason", letter.ReasonCode)
                .With("message", letter.Message)
                .With("since", database.Utc(letter.Since))
                .With("attempts", letter.Attempts)
                .With("skew", Milliseconds(letter.ClockSkew))
                .With("reported", database.Utc(letter.ReportedAt))
                .With("status", DeadLetterStatus.Open.ToString())
                .ExecuteNonQuery();
            ForLetter(writer.Command($"""
                UPDATE dead_letters SET reason_code = @reason, message = @message, attempts = @attempts, clock_skew_ms = @skew
                WHERE {Key} AND status = @open
                """), letter)
                .With("reason", letter.ReasonCode)
                .With("message", letter.Message)
                .With("attempts", letter.Attempts)
                .With("skew", Milliseconds(letter.ClockSkew))
                .With("open", DeadLetterStatus.Open.ToString())
                .ExecuteNonQuery();
        });
        return await FindAsync(letter.StoreId, letter.TerminalId, new DeadLetterReceipt(letter.BusinessDay, letter.ReceiptId), cancellationToken)
            ?? throw new InvalidOperationException($"Dead letter {letter.StoreId}/{letter.TerminalId}/{letter.BusinessDay}/{letter.ReceiptId} was written but cannot be read back.");
    }

    public async Task<DeadLetter?> FindAsync(string storeId, string terminalId, DeadLetterReceipt receipt, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM dead_letters WHERE {Key}",
            q => ForLetter(q, storeId, terminalId, receipt.BusinessDay, receipt.ReceiptId), cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<DeadLetter>> ResolvedAsync(string storeId, string terminalId, DateOnly fromDay, CancellationToken cancellationToken = default) =>
        QueryAsync($"""
            SELECT {Columns} FROM dead_letters
            WHERE store_id = @store AND terminal_id = @terminal AND business_day >= @day AND status IN (@booked, @dismissed)
            """,
            q => q.With("store", storeId).With("terminal", terminalId).With("day", TillDay.Text(fromDay))
                .With("booked", DeadLetterStatus.Booked.ToString()).With("dismissed", DeadLetterStatus.Dismissed.ToString()),
            cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> ListAsync(string? storeId, DeadLetterStatus? status, int take, CancellationToken cancellationToken = default)
    {
        // Conditions are left out rather than bound to NULL: PostgreSQL cannot type a parameter that is only compared with NULL.
        var where = string.Join(" AND ", new[] { storeId is null ? null : "store_id = @store", status is null ? null : "status = @status" }.OfType<string>());
        return QueryAsync($"""
            SELECT {Columns} FROM dead_letters {(where.Length > 0 ? "WHERE " + where : "")}
            ORDER BY since_utc, store_id, terminal_id, business_day, receipt_id LIMIT @take
            """,
            q =>
            {
                if (storeId is not null)
                {
                    q.With("store", storeId);
                }
                if (status is { } only)
                {
                    q.With("status", only.ToString());
                }
                q.With("take", take);
            },
            cancellationToken);
    }

    public async Task<bool> UpdateAsync(DeadLetter letter, DeadLetterStatus expected, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        var audit = AuditContext.RecordForCurrentCall();
        await database.Writer.WriteAsync(writer =>
        {
            changed = ForLetter(writer.Command($"""
                UPDATE dead_letters SET status = @status, reason_code = @reason, message = @message,
                    corrected_card_id = @card, corrected_amount = @amount, corrected_occurred_at = @occurred,
                    resolved_by = @by, resolved_utc = @at, resolution_note = @note, points_earned = @points
                WHERE {Key} AND status = @expected
                """), letter)
            .With("status", letter.Status.ToString())
            .With("reason", letter.ReasonCode)
            .With("message", letter.Message)
            .With("card", letter.CorrectedCardId)
            .With("amount", letter.CorrectedAmount)
            .With("occurred", letter.CorrectedOccurredAt is { } corrected ? Offset(corrected) : null)
            .With("by", letter.ResolvedBy)
            .With("at", letter.ResolvedAt is { } at ? database.Utc(at) : null)
            .With("note", letter.ResolutionNote)
            .With("points", letter.PointsEarned)
            .With("expected", expected.ToString())
            .ExecuteNonQuery();
            if (changed == 1)
            {
                SqlAuditRows.Insert(writer, database, audit);
            }
        });
        return changed == 1;
    }

    private Task<IReadOnlyList<DeadLetter>> QueryAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<DeadLetter>>(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = sql;
            bind(query);
            var letters = new List<DeadLetter>();
            await using var row = await query.ExecuteReaderAsync(cancellationToken);
            while (await row.ReadAsync(cancellationToken))
            {
                letters.Add(Read(row));
            }
            return letters;
        });

    private DeadLetter Read(DbDataReader row) =>
        new(row.GetString(0), row.GetString(1), DateOnly.ParseExact(row.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture), row.GetString(3),
            row.GetString(4), row.GetDecimal(5), ParseOffset(row.GetString(7)), row.GetString(8), row.GetString(9), database.ReadUtc(row, 10),
            Convert.ToInt32(row.GetValue(11), CultureInfo.InvariantCulture))
        {
            Lines = row.NullableString(6) is { } lines ? JsonSerializer.Deserialize<List<PurchaseLine>>(lines) : null,
            ClockSkew = row.IsDBNull(12) ? null : TimeSpan.FromMilliseconds(Convert.ToInt64(row.GetValue(12), CultureInfo.InvariantCulture)),
            ReportedAt = database.ReadUtc(row, 13),
            Status = Enum.Parse<DeadLetterStatus>(row.GetString(14)),
            CorrectedCardId = row.NullableString(15),
            CorrectedAmount = row.IsDBNull(16) ? null : row.GetDecimal(16),
            CorrectedOccurredAt = row.NullableString(17) is { } corrected ? ParseOffset(corrected) : null,
            ResolvedBy = row.NullableString(18),
            ResolvedAt = row.IsDBNull(19) ? null : database.ReadUtc(row, 19),
            ResolutionNote = row.NullableString(20),
            PointsEarned = row.IsDBNull(21) ? null : Convert.ToInt64(row.GetValue(21), CultureInfo.InvariantCulture),
        };

    // The till's own times keep their offset, as the ledger's occurred_at does.
    private static string Offset(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseOffset(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static DbCommand ForLetter(DbCommand command, DeadLetter letter) =>
        ForLetter(command, letter.StoreId, letter.TerminalId, letter.BusinessDay, letter.ReceiptId);

    private static DbCommand ForLetter(DbCommand command, string storeId, string terminalId, DateOnly day, string receiptId) =>
        command.With("store", storeId).With("terminal", terminalId).With("day", TillDay.Text(day)).With("receipt", receiptId);

    private static long? Milliseconds(TimeSpan? value) => value is { } span ? (long)span.TotalMilliseconds : null;
}
