using System.Globalization;
using System.Runtime.CompilerServices;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.BackOffice;

/// <summary>The exports as single queries whose rows are handed on as they are read: the silo never holds the customer list.</summary>
public sealed class SqlCsvExports(SqlDatabase database) : ICsvExports
{
    /// <summary>The rows these queries returned to the silo.</summary>
    public RowCounter Rows { get; } = new();

    public IReadOnlyList<string> LedgerColumns { get; } =
        ["customer_id", "seq", "kind", "points", "amount", "balance_after", "store_id", "terminal_id", "receipt_id", "card_id", "refers_to",
         "occurred_at", "recorded_utc", "reason", "operator_id", "approved_by"];

    public async IAsyncEnumerable<CustomerExportRow> CustomersAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        await using var query = connection.CreateCommand();
        query.CommandText = $"""
            SELECT c.customer_id, c.display_name, c.email, c.phone, c.enrolled_at,
                   t.first_purchase_utc, t.last_purchase_utc, t.purchases, {CustomerTotalsSql.Spend(database, "t")}
            FROM customers c LEFT JOIN customer_totals t ON t.customer_id = c.customer_id
            ORDER BY c.customer_id
            """;
        await using var row = await query.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            Rows.Add();
            yield return new CustomerExportRow(row.GetString(0), row.GetString(1), row.NullableString(2), row.NullableString(3), Text(row.GetValue(4)),
                row.IsDBNull(5) ? null : database.ReadUtc(row, 5),
                row.IsDBNull(6) ? null : database.ReadUtc(row, 6),
                row.IsDBNull(7) ? 0 : Convert.ToInt32(row.GetValue(7), CultureInfo.InvariantCulture),
                row.IsDBNull(8) ? 0m : Convert.ToDecimal(row.GetValue(8), CultureInfo.InvariantCulture));
        }
    }

    public async IAsyncEnumerable<string?[]> LedgerAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        await using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {string.Join(", ", LedgerColumns)} FROM ledger ORDER BY customer_id, seq";
        await using var row = await query.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            Rows.Add();
            var fields = new string?[row.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = row.IsDBNull(i) ? null : Text(row.GetValue(i));
            }
            yield return fields;
        }
    }

    // SQLite hands back text, PostgreSQL typed values: times go out as ISO 8601 either way.
    private static string Text(object value) => value switch
    {
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
