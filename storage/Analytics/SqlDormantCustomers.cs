using System.Globalization;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// The dormant list: filtered, sorted and cut to one page in SQL from the customers' totals, whose indexes (by last purchase,
/// by spend) let the database read the page in order, so the silo reads one page of rows.
/// </summary>
public sealed class SqlDormantCustomers(SqlDatabase database) : IDormantCustomers
{
    /// <summary>The rows these queries returned to the silo.</summary>
    public RowCounter Rows { get; } = new();

    public Task<IReadOnlyList<DormantCustomer>> PageAsync(DateTimeOffset cutoff, DateTimeOffset now, DormantOrder order, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        var sort = order == DormantOrder.Recency ? "b.last_utc" : "b.spend_rank DESC";
        return database.ReadAsync<IReadOnlyList<DormantCustomer>>(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = $"""
                SELECT b.customer_id, b.display_name, b.last_utc, b.purchases, b.spend
                FROM ({CustomerTotalsSql.Buyers(database)}) b
                WHERE b.last_utc < @cutoff
                ORDER BY {sort}, b.customer_id
                LIMIT @take OFFSET @skip
                """;
            query.With("cutoff", database.Utc(cutoff)).With("take", take).With("skip", skip);
            var page = new List<DormantCustomer>();
            await using var row = await query.ExecuteReaderAsync(cancellationToken);
            while (await row.ReadAsync(cancellationToken))
            {
                Rows.Add();
                var last = database.ReadUtc(row, 2);
                page.Add(new DormantCustomer(row.GetString(0), row.GetString(1), last, (int)(now - last).TotalDays,
                    Convert.ToInt32(row.GetValue(3), CultureInfo.InvariantCulture),
                    row.IsDBNull(4) ? 0m : Convert.ToDecimal(row.GetValue(4), CultureInfo.InvariantCulture)));
            }
            return page;
        });
    }
}
