using RetentionActors.Contracts;
using System.Globalization;
using System.Text;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Api;

/// <summary>CSV exports of customers, of the ledger and of every buyer's RFM scores, streamed row by row from the database.</summary>
public static class ExportApi
{
    public static RouteGroupBuilder MapExportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/export/customers.csv", CustomersAsync).WithSummary("Every customer with purchase totals, as CSV.");
        api.MapGet("/export/ledger.csv", LedgerAsync).WithSummary("The whole ledger, as CSV.");
        api.MapGet("/export/rfm.csv", RfmAsync).WithSummary("Every buying customer's RFM scores and segment, by customer id, as CSV.");
        return api;
    }

    private static async Task CustomersAsync(HttpContext context, ICsvExports exports, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=customers.csv";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
        await writer.WriteLineAsync("customer_id,display_name,email,phone,enrolled_at,first_purchase,last_purchase,purchases,net_spend");
        await foreach (var c in exports.CustomersAsync(cancellationToken))
        {
            await writer.WriteLineAsync(string.Join(',', Field(c.CustomerId), Field(c.DisplayName), Field(c.Email), Field(c.Phone), Field(c.EnrolledAt),
                Field(c.FirstPurchase?.ToString("O", CultureInfo.InvariantCulture)), Field(c.LastPurchase?.ToString("O", CultureInfo.InvariantCulture)),
                c.Purchases.ToString(CultureInfo.InvariantCulture), c.Spend.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static async Task LedgerAsync(HttpContext context, ICsvExports exports, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=ledger.csv";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
        await writer.WriteLineAsync(string.Join(',', exports.LedgerColumns));
        await foreach (var fields in exports.LedgerAsync(cancellationToken))
        {
            await writer.WriteLineAsync(string.Join(',', fields.Select(Field)));
        }
    }

    // One snapshot: the segment counts read with it are not sent, the customers come as the database hands them over.
    private static async Task RfmAsync(HttpContext context, IRfmSegments rfm, TimeProvider clock, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=rfm.csv";
        await using var reading = await rfm.ReadAsync(clock.GetUtcNow(), cancellationToken);
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
        await writer.WriteLineAsync("customer_id,display_name,recency_days,frequency,monetary,r,f,m,segment");
        await foreach (var c in reading.Customers.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(string.Join(',', Field(c.CustomerId), Field(c.DisplayName), c.RecencyDays.ToString(CultureInfo.InvariantCulture),
                c.Frequency.ToString(CultureInfo.InvariantCulture), c.Monetary.ToString(CultureInfo.InvariantCulture),
                c.R.ToString(CultureInfo.InvariantCulture), c.F.ToString(CultureInfo.InvariantCulture), c.M.ToString(CultureInfo.InvariantCulture), Field(c.Segment)));
        }
    }

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
