using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.BackOffice;

/// <summary>A customer who owes points from offline redemptions, and since when (the last entry that moved the debt).</summary>
public sealed record OutstandingDebt(string CustomerId, string DisplayName, long Points, DateTimeOffset LastChangedUtc);

/// <summary>
/// Customers with outstanding debt, from the ledger rows that moved a debt (indexed: they are few), in customer id order,
/// a page at a time: what the back office lists, whatever the number of customers.
/// </summary>
public static class SqlOutstandingDebts
{
    public static Task<IReadOnlyList<OutstandingDebt>> ListAsync(SqlDatabase database, string? afterCustomerId, int take, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<OutstandingDebt>>(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = """
                SELECT d.customer_id, c.display_name, d.owed, d.last_utc
                FROM (SELECT customer_id, SUM(debt) AS owed, MAX(recorded_utc) AS last_utc
                      FROM ledger WHERE debt <> 0 AND customer_id > @after
                      GROUP BY customer_id HAVING SUM(debt) > 0) d
                JOIN customers c ON c.customer_id = d.customer_id
                ORDER BY d.customer_id
                LIMIT @take
                """;
            query.With("after", afterCustomerId ?? "").With("take", take);
            var debts = new List<OutstandingDebt>();
            await using var row = await query.ExecuteReaderAsync(cancellationToken);
            while (await row.ReadAsync(cancellationToken))
            {
                debts.Add(new OutstandingDebt(row.GetString(0), row.GetString(1), Convert.ToInt64(row.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                    database.ReadUtc(row, 3)));
            }
            return debts;
        });
}
