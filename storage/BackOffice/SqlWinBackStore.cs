using System.Globalization;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// The <c>backoffice_winback</c> table, and each coupon's status in one query: the first purchase after the coupon from the
/// ledger, and whether it was redeemed from the coupon grain's stored state (written before any till heard it was used).
/// </summary>
public sealed class SqlWinBackStore(SqlDatabase database) : IWinBackStore
{
    /// <summary>The rows these queries returned to the silo.</summary>
    public RowCounter Rows { get; } = new();

    public Task RecordIssuedAsync(string campaign, string customerId, string code, DateTimeOffset issuedAt) =>
        database.Writer.WriteAsync(w => w.Command("INSERT INTO backoffice_winback (campaign, customer_id, code, issued_utc) VALUES (@campaign, @customer, @code, @issued) ON CONFLICT (campaign, customer_id) DO NOTHING")
            .With("campaign", campaign)
            .With("customer", customerId)
            .With("code", code)
            .With("issued", database.Utc(issuedAt))
            .ExecuteNonQuery());

    public Task<IReadOnlyList<WinBackStatus>> StatusAsync(string? campaign, int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<WinBackStatus>>(async connection =>
        {
            // The coupon grain's state row: state "coupon", grain id "coupon/<code>", payload {"coupon": {..., "redeemedAt": ...}}.
            var redeemedAt = SqlDialect.JsonText(database, "g.payload", "coupon", "redeemedAt");
            await using var query = connection.CreateCommand();
            query.CommandText = $"""
                SELECT w.campaign, w.customer_id, w.code, w.issued_utc,
                       (SELECT MIN(l.occurred_utc) FROM ledger l WHERE l.customer_id = w.customer_id AND l.kind = 'Purchase' AND l.occurred_utc > w.issued_utc),
                       CASE WHEN {redeemedAt} IS NULL THEN 0 ELSE 1 END
                FROM backoffice_winback w
                LEFT JOIN grain_state g ON g.state_name = 'coupon' AND g.grain_id = 'coupon/' || w.code
                {(campaign is null ? "" : "WHERE w.campaign = @campaign")}
                ORDER BY w.issued_utc DESC, w.customer_id
                LIMIT @take
                """;
            query.With("take", take);
            if (campaign is not null)
            {
                query.With("campaign", campaign);
            }
            var status = new List<WinBackStatus>();
            await using var row = await query.ExecuteReaderAsync(cancellationToken);
            while (await row.ReadAsync(cancellationToken))
            {
                Rows.Add();
                DateTimeOffset? returned = row.IsDBNull(4) ? null : database.ReadUtc(row, 4);
                status.Add(new WinBackStatus(row.GetString(0), row.GetString(1), row.GetString(2), database.ReadUtc(row, 3),
                    returned is not null, returned, Convert.ToInt32(row.GetValue(5), CultureInfo.InvariantCulture) == 1));
            }
            return status;
        });
}
