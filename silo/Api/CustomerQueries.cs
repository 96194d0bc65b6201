using RetentionActors.Contracts;
using System.Globalization;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Api;

/// <summary>A customer's purchase totals from the ledger: net spend is purchases less refunds.</summary>
public sealed record CustomerTotals(string CustomerId, string DisplayName, DateTimeOffset? FirstPurchase, DateTimeOffset? LastPurchase, int Purchases, decimal Spend);

/// <summary>Per-customer aggregates read from the customers and ledger tables, for dormancy, RFM and exports.</summary>
public sealed class CustomerQueries(SqlDatabase database)
{
    public async Task<IReadOnlyList<CustomerTotals>> CustomerTotalsAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.OpenRead();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.customer_id, c.display_name,
                   MIN(CASE WHEN l.kind = 'Purchase' THEN l.occurred_utc END),
                   MAX(CASE WHEN l.kind = 'Purchase' THEN l.occurred_utc END),
                   SUM(CASE WHEN l.kind = 'Purchase' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN l.kind = 'Purchase' THEN l.amount WHEN l.kind = 'Refund' THEN -ABS(l.amount) ELSE 0 END)
            FROM customers c LEFT JOIN ledger l ON l.customer_id = c.customer_id
            GROUP BY c.customer_id, c.display_name
            ORDER BY c.customer_id
            """;
        var totals = new List<CustomerTotals>();
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            totals.Add(new CustomerTotals(row.GetString(0), row.GetString(1),
                row.IsDBNull(2) ? null : database.ReadUtc(row, 2),
                row.IsDBNull(3) ? null : database.ReadUtc(row, 3),
                row.IsDBNull(4) ? 0 : Convert.ToInt32(row.GetValue(4), CultureInfo.InvariantCulture),
                row.IsDBNull(5) ? 0m : Convert.ToDecimal(row.GetValue(5), CultureInfo.InvariantCulture)));
        }
        return totals;
    }
}
