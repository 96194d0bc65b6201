using System.Data.Common;
using RetentionActors.Contracts.Security;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Security;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Security;

/// <summary>
/// Terminal credentials in the <c>terminal_credentials</c> table (SQLite or PostgreSQL). Issuing or revoking one for an
/// audited back-office call writes its audit row in the same transaction.
/// </summary>
public sealed class SqlTerminalCredentialStore(SqlDatabase database) : ITerminalCredentialStore
{
    private const string Columns = "credential_id, store_id, terminal_id, role, issued_utc, expires_utc, issued_by, revoked_utc, revoked_by";

    public Task AddAsync(TerminalCredential credential, CancellationToken cancellationToken = default)
    {
        var audit = AuditContext.RecordForCurrentCall();
        return database.Writer.WriteAsync(writer =>
        {
            writer.Command($"INSERT INTO terminal_credentials ({Columns}) VALUES (@id, @store, @terminal, @role, @issued, @expires, @by, NULL, NULL)")
                .With("id", credential.Id)
                .With("store", credential.StoreId)
                .With("terminal", credential.TerminalId)
                .With("role", credential.Role.ToString())
                .With("issued", database.Utc(credential.IssuedAt))
                .With("expires", database.Utc(credential.ExpiresAt))
                .With("by", credential.IssuedBy)
                .ExecuteNonQuery();
            SqlAuditRows.Insert(writer, database, audit);
        });
    }

    public async Task<TerminalCredential?> FindAsync(string credentialId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM terminal_credentials WHERE credential_id = @id", credentialId, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<TerminalCredential>> ListAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM terminal_credentials ORDER BY issued_utc DESC, credential_id", null, cancellationToken);

    public async Task<IReadOnlyList<string>> RevokedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT credential_id FROM terminal_credentials WHERE revoked_utc IS NOT NULL AND revoked_utc >= @since";
        query.With("since", database.Utc(since == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : since));
        var ids = new List<string>();
        await using var row = await query.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            ids.Add(row.GetString(0));
        }
        return ids;
    }

    public async Task<bool> RevokeAsync(string credentialId, string revokedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        var audit = AuditContext.RecordForCurrentCall();
        await database.Writer.WriteAsync(writer =>
        {
            changed = writer
                .Command("UPDATE terminal_credentials SET revoked_utc = @at, revoked_by = @by WHERE credential_id = @id AND revoked_utc IS NULL")
                .With("at", database.Utc(at))
                .With("by", revokedBy)
                .With("id", credentialId)
                .ExecuteNonQuery();
            if (changed == 1)
            {
                SqlAuditRows.Insert(writer, database, audit);
            }
        });
        return changed == 1;
    }

    private async Task<IReadOnlyList<TerminalCredential>> QueryAsync(string sql, string? id, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenRead();
        await using var query = connection.CreateCommand();
        query.CommandText = sql;
        if (id is not null)
        {
            query.With("id", id);
        }
        var credentials = new List<TerminalCredential>();
        await using var row = await query.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            credentials.Add(Read(row));
        }
        return credentials;
    }

    private TerminalCredential Read(DbDataReader row) =>
        new(row.GetString(0), row.GetString(1), row.GetString(2), Enum.Parse<TerminalRole>(row.GetString(3)),
            database.ReadUtc(row, 4), database.ReadUtc(row, 5), row.GetString(6))
        {
            RevokedAt = row.IsDBNull(7) ? null : database.ReadUtc(row, 7),
            RevokedBy = row.NullableString(8),
        };
}
