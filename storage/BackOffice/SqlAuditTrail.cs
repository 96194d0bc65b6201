using RetentionActors.Grains.Audit;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// The back office's audit trail, <c>backoffice_audit</c>. Changes write their own rows in their own transaction
/// (customer commits, grain state, the back-office stores); this writes the rows of calls that changed nothing
/// (declined, refused, replayed) and of reads worth recording, and reads the trail.
/// </summary>
public sealed class SqlAuditTrail(SqlDatabase database)
{
    /// <summary>Records <paramref name="record"/> unless a change already wrote the row of its intent; completes when durable.</summary>
    public Task RecordAsync(AuditRecord record) => database.Writer.WriteAsync(writer => SqlAuditRows.Insert(writer, database, record));

    /// <summary>The newest rows first, all or those about <paramref name="target"/>.</summary>
    public Task<IReadOnlyList<AuditRecord>> ReadAsync(string? target, int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<AuditRecord>>(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = $"SELECT {SqlAuditRows.Columns} FROM backoffice_audit"
                + (target is null ? "" : " WHERE target = @target")
                + " ORDER BY at_utc DESC, id DESC LIMIT @take";
            query.With("take", take);
            if (target is not null)
            {
                query.With("target", target);
            }
            var rows = new List<AuditRecord>();
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(SqlAuditRows.Read(reader, database));
            }
            return rows;
        });

    /// <summary>The row with <paramref name="id"/>, if any.</summary>
    public Task<AuditRecord?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = $"SELECT {SqlAuditRows.Columns} FROM backoffice_audit WHERE id = @id";
            query.With("id", id);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? SqlAuditRows.Read(reader, database) : null;
        });
}
