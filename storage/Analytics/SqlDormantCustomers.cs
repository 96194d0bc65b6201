using System.Data.Common;
using System.Globalization;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// The dormant list: filtered, sorted and cut to one page in SQL from the customers' totals, whose indexes (by last purchase,
/// by spend) let the database read the page in order, so the silo reads one page of rows. A page after a cursor starts in
/// the index at the cursor's key; a page after <c>skip</c> rows still reads those rows first.
/// </summary>
public sealed class SqlDormantCustomers(SqlDatabase database) : IDormantCustomers
{
    /// <summary>The rows these queries returned to the silo.</summary>
    public RowCounter Rows { get; } = new();

    public async Task<IReadOnlyList<DormantCustomer>> PageAsync(DateTimeOffset cutoff, DateTimeOffset now, DormantOrder order, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        return (await ReadAsync(cutoff, now, order, null, skip, take, cancellationToken)).Customers;
    }

    public Task<DormantPage> PageAfterAsync(DateTimeOffset cutoff, DateTimeOffset now, DormantOrder order, DormantCursor? after, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        if (after is not null && after.Order != order)
        {
            throw new ArgumentException("The cursor was made for the other order of the list.", nameof(after));
        }
        return ReadAsync(cutoff, now, order, after, 0, take, cancellationToken);
    }

    private Task<DormantPage> ReadAsync(DateTimeOffset cutoff, DateTimeOffset now, DormantOrder order, DormantCursor? after, int skip, int take, CancellationToken cancellationToken)
    {
        var recency = order == DormantOrder.Recency;
        var sort = recency ? "b.last_utc" : "b.spend_rank DESC";
        // The bound on the key alone lets the index scan start at the cursor; the OR then passes over the ties already listed.
        var seek = after is null ? "" : recency
            ? "AND b.last_utc >= @key AND (b.last_utc > @key OR b.customer_id > @after)"
            : "AND b.spend_rank <= @key AND (b.spend_rank < @key OR b.customer_id > @after)";
        return database.ReadAsync(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = $"""
                SELECT b.customer_id, b.display_name, b.last_utc, b.purchases, b.spend, b.spend_rank
                FROM ({CustomerTotalsSql.Buyers(database)}) b
                WHERE b.last_utc < @cutoff {seek}
                ORDER BY {sort}, b.customer_id
                LIMIT @take OFFSET @skip
                """;
            query.With("cutoff", database.Utc(cutoff)).With("take", take).With("skip", skip);
            if (after is not null)
            {
                query.With("key", KeyParameter(after)).With("after", after.CustomerId);
            }
            var page = new List<DormantCustomer>();
            DormantCursor? next = null;
            await using var row = await query.ExecuteReaderAsync(cancellationToken);
            while (await row.ReadAsync(cancellationToken))
            {
                Rows.Add();
                var last = database.ReadUtc(row, 2);
                page.Add(new DormantCustomer(row.GetString(0), row.GetString(1), last, (int)(now - last).TotalDays,
                    Convert.ToInt32(row.GetValue(3), CultureInfo.InvariantCulture),
                    row.IsDBNull(4) ? 0m : Convert.ToDecimal(row.GetValue(4), CultureInfo.InvariantCulture)));
                next = new DormantCursor(order, recency ? last.UtcTicks : Convert.ToDecimal(row.GetValue(5), CultureInfo.InvariantCulture), row.GetString(0));
            }
            return new DormantPage(page, page.Count < take ? null : next);
        });
    }

    // The key as the column holds it: a time, or the spend as the totals rank it.
    private object KeyParameter(DormantCursor cursor) => cursor.Order == DormantOrder.Recency
        ? database.Utc(new DateTimeOffset((long)cursor.Key, TimeSpan.Zero))
        : CustomerTotalsSql.SpendRankParameter(database, cursor.Key);
}
