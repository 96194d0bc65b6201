using RetentionActors.Contracts;
using System.Globalization;
using System.Text;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Api;

/// <summary>CSV exports of customers and of the ledger, streamed row by row from the database.</summary>
public static class ExportApi
{
    public static RouteGroupBuilder MapExportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/export/customers.csv", CustomersAsync).WithSummary("Every customer with purchase totals, as CSV.");
        api.MapGet("/export/ledger.csv", LedgerAsync).WithSummary("The whole ledger, as CSV.");
        return api;
    }

    private static async Task CustomersAsync(HttpContext context, CustomerQueries queries, SqlDatabase database, CancellationToken cancellationToken)
    {
        var contacts = new Dictionary<string, (string? Email, string? Phone, string Enrolled)>(StringComparer.Ordinal);
        await using (var connection = database.OpenRead())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT customer_id, email, phone, enrolled_at FROM customers";
            await using var row = await command.ExecuteReaderAsync(cancellationToken);
            while (await row.ReadAsync(cancellationToken))
            {
                contacts[row.GetString(0)] = (row.IsDBNull(1) ? null : row.GetString(1), row.IsDBNull(2) ? null : row.GetString(2), Text(row.GetValue(3)));
            }
        }
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=customers.csv";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
        await writer.WriteLineAsync("customer_id,display_name,email,phone,enrolled_at,first_purchase,last_purchase,purchases,net_spend");
        foreach (var t in await queries.CustomerTotalsAsync(cancellationToken))
        {
            var c = contacts.GetValueOrDefault(t.CustomerId);
            await writer.WriteLineAsync(string.Join(',', Field(t.CustomerId), Field(t.DisplayName), Field(c.Email), Field(c.Phone), Field(c.Enrolled),
                Field(t.FirstPurchase?.ToString("O", CultureInfo.InvariantCulture)), Field(t.LastPurchase?.ToString("O", CultureInfo.InvariantCulture)),
                t.Purchases.ToString(CultureInfo.InvariantCulture), t.Spend.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static async Task LedgerAsync(HttpContext context, SqlDatabase database, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=ledger.csv";
        await using var connection = database.OpenRead();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT customer_id, seq, kind, points, amount, balance_after, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, recorded_utc, reason, operator_id, approved_by
            FROM ledger ORDER BY customer_id, seq
            """;
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
        await writer.WriteLineAsync("customer_id,seq,kind,points,amount,balance_after,store_id,terminal_id,receipt_id,card_id,refers_to,occurred_at,recorded_utc,reason,operator_id,approved_by");
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            var fields = new string[row.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = row.IsDBNull(i) ? "" : Field(Text(row.GetValue(i)));
            }
            await writer.WriteLineAsync(string.Join(',', fields));
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

    // RFC 4180 quoting; a leading =, +, - or @ is prefixed so a spreadsheet does not run it as a formula.
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '@' || (value[0] == '-' && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)))
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
