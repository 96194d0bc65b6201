using System.Text;
using RetentionActors.Domain.Ledger;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// Pages of one customer's ledger, filtered and limited in SQL on the (customer_id, seq) key, so a long history is never
/// read whole to show fifty lines of it.
/// </summary>
public sealed class SqlLedgerPages(SqlDatabase database)
{
    public Task<IReadOnlyList<LedgerEntry>> ReadAsync(LedgerQuery query, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<LedgerEntry>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            var where = new StringBuilder("customer_id = @id");
            command.With("id", query.CustomerId).With("take", query.Take);
            if (query.Kind is { } kind)
            {
                where.Append(" AND kind = @kind");
                command.With("kind", kind.ToString());
            }
            if (query.StoreId is { } store)
            {
                where.Append(" AND store_id = @store");
                command.With("store", store);
            }
            if (query.From is { } from)
            {
                where.Append(" AND occurred_utc >= @from");
                command.With("from", database.Utc(from));
            }
            if (query.Until is { } until)
            {
                where.Append(" AND occurred_utc < @until");
                command.With("until", database.Utc(until));
            }
            if (query.NewestFirst && query.BeforeSeq is { } before)
            {
                where.Append(" AND seq < @before");
                command.With("before", before);
            }
            if (!query.NewestFirst && query.AfterSeq is { } after)
            {
                where.Append(" AND seq > @after");
                command.With("after", after);
            }
            command.CommandText = $"SELECT {SqlLedgerRows.Columns} FROM ledger WHERE {where} ORDER BY seq {(query.NewestFirst ? "DESC" : "")} LIMIT @take";
            var entries = new List<LedgerEntry>();
            await using var row = await command.ExecuteReaderAsync(cancellationToken);
            while (await row.ReadAsync(cancellationToken))
            {
                entries.Add(SqlLedgerRows.Read(row, database));
            }
            return entries;
        });
}
