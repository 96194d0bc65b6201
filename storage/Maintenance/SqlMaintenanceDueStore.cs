using System.Data.Common;
using RetentionActors.Grains.Maintenance;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Maintenance;

/// <summary>Who in a slot is due, from <c>maintenance_due</c>'s indexes; the same SQL on SQLite and PostgreSQL.</summary>
public sealed class SqlMaintenanceDueStore(SqlDatabase database) : IMaintenanceDueStore
{
    public Task<IReadOnlyList<DueCustomer>> DueAsync(DueReason reason, int slot, DateTimeOffset now, DueCustomer? after, int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<DueCustomer>>(async connection =>
        {
            var column = SqlMaintenanceDue.Column(reason);
            await using var query = connection.CreateCommand();
            // After the last row of the previous page: a later time, or the same time and a later id.
            var next = after is null ? "" : $" AND {column} >= @at AND ({column} > @at OR customer_id > @after)";
            query.CommandText = $"""
                SELECT customer_id, {column} FROM maintenance_due
                WHERE slot = @slot AND {column} <= @now{next}
                ORDER BY {column}, customer_id
                LIMIT @take
                """;
            query.With("slot", slot).With("now", database.Utc(now)).With("take", take);
            if (after is not null)
            {
                query.With("at", database.Utc(after.At)).With("after", after.CustomerId);
            }
            var due = new List<DueCustomer>();
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(new DueCustomer(reader.GetString(0), database.ReadUtc(reader, 1)));
            }
            return due;
        });

    public Task<IReadOnlyList<string>> BirthdaysAsync(int slot, int birthday, string bonusKey, string? after, int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<string>>(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = """
                SELECT d.customer_id FROM maintenance_due d
                WHERE d.slot = @slot AND d.birthday = @birthday AND d.customer_id > @after
                  AND NOT EXISTS (SELECT 1 FROM operations o WHERE o.customer_id = d.customer_id AND o.operation_key = @key)
                ORDER BY d.customer_id
                LIMIT @take
                """;
            query.With("slot", slot).With("birthday", birthday).With("after", after ?? "").With("key", bonusKey).With("take", take);
            var customers = new List<string>();
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                customers.Add(reader.GetString(0));
            }
            return customers;
        });
}
