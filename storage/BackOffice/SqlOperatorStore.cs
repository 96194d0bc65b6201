using System.Data.Common;
using RetentionActors.Grains.Audit;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// Operators and sessions in the <c>backoffice_operators</c> and <c>backoffice_sessions</c> tables (SQLite or PostgreSQL).
/// A change made for an audited back-office call writes its audit row in the same transaction.
/// </summary>
public sealed class SqlOperatorStore(SqlDatabase database) : IOperatorStore
{
    private const string Columns = "name, role, created_utc, created_by, disabled_utc, disabled_by";

    public async Task<bool> AddAsync(BackOfficeOperator newOperator, string secretHash, CancellationToken cancellationToken = default)
    {
        var added = 0;
        var audit = AuditContext.RecordForCurrentCall();
        await database.Writer.WriteAsync(writer =>
        {
            added = writer
                .Command($"INSERT INTO backoffice_operators ({Columns}, secret_hash) VALUES (@name, @role, @created, @by, NULL, NULL, @hash) ON CONFLICT DO NOTHING")
                .With("name", newOperator.Name)
                .With("role", newOperator.Role.ToString())
                .With("created", database.Utc(newOperator.CreatedAt))
                .With("by", newOperator.CreatedBy)
                .With("hash", secretHash)
                .ExecuteNonQuery();
            if (added == 1)
            {
                SqlAuditRows.Insert(writer, database, audit);
            }
        });
        return added == 1;
    }

    public async Task<BackOfficeOperator?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        (await FindForLoginAsync(name, cancellationToken))?.Operator;

    public async Task<(BackOfficeOperator Operator, string SecretHash)?> FindForLoginAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        await using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {Columns}, secret_hash FROM backoffice_operators WHERE name = @name";
        query.With("name", name);
        await using var row = await query.ExecuteReaderAsync(cancellationToken);
        return await row.ReadAsync(cancellationToken) ? (ReadOperator(row), row.GetString(6)) : null;
    }

    public async Task<IReadOnlyList<BackOfficeOperator>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        await using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {Columns} FROM backoffice_operators ORDER BY name";
        var operators = new List<BackOfficeOperator>();
        await using var row = await query.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            operators.Add(ReadOperator(row));
        }
        return operators;
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT 1 FROM backoffice_operators LIMIT 1";
        return await query.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<bool> DisableAsync(string name, string disabledBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var disabled = 0;
        var audit = AuditContext.RecordForCurrentCall();
        await database.Writer.WriteAsync(writer =>
        {
            disabled = writer
                .Command("UPDATE backoffice_operators SET disabled_utc = @at, disabled_by = @by WHERE name = @name AND disabled_utc IS NULL")
                .With("at", database.Utc(at))
                .With("by", disabledBy)
                .With("name", name)
                .ExecuteNonQuery();
            writer
                .Command("UPDATE backoffice_sessions SET revoked_utc = @at WHERE operator_name = @name AND bootstrap = @no AND revoked_utc IS NULL")
                .With("at", database.Utc(at))
                .With("name", name)
                .With("no", false)
                .ExecuteNonQuery();
            if (disabled == 1)
            {
                SqlAuditRows.Insert(writer, database, audit);
            }
        });
        return disabled == 1;
    }

    public Task AddSessionAsync(OperatorSession session, CancellationToken cancellationToken = default)
    {
        var audit = AuditContext.RecordForCurrentCall();
        return database.Writer.WriteAsync(writer =>
        {
            writer.Command("""
                    INSERT INTO backoffice_sessions (session_hash, operator_name, role, bootstrap, created_utc, expires_utc, revoked_utc)
                    VALUES (@hash, @name, @role, @bootstrap, @created, @expires, NULL)
                    """)
                .With("hash", session.SessionHash)
                .With("name", session.OperatorName)
                .With("role", session.Role.ToString())
                .With("bootstrap", session.Bootstrap)
                .With("created", database.Utc(session.CreatedAt))
                .With("expires", database.Utc(session.ExpiresAt))
                .ExecuteNonQuery();
            SqlAuditRows.Insert(writer, database, audit);
        });
    }

    public async Task<OperatorSession?> FindSessionAsync(string sessionHash, CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        await using var query = connection.CreateCommand();
        // A named operator's role and state are read from its row each time, so a change applies to open sessions at once.
        query.CommandText = """
            SELECT s.session_hash, s.operator_name, s.role, s.bootstrap, s.created_utc, s.expires_utc, s.revoked_utc,
                   o.name, o.role, o.disabled_utc
            FROM backoffice_sessions s
            LEFT JOIN backoffice_operators o ON o.name = s.operator_name AND s.bootstrap = @no
            WHERE s.session_hash = @hash
            """;
        query.With("hash", sessionHash).With("no", false);
        await using var row = await query.ExecuteReaderAsync(cancellationToken);
        if (!await row.ReadAsync(cancellationToken))
        {
            return null;
        }
        var bootstrap = row.GetBoolean(3);
        if (!bootstrap && row.IsDBNull(7))
        {
            return null;
        }
        return new OperatorSession(row.GetString(0), row.GetString(1), Enum.Parse<OperatorRole>(row.GetString(bootstrap ? 2 : 8)), bootstrap,
            database.ReadUtc(row, 4), database.ReadUtc(row, 5))
        {
            RevokedAt = row.IsDBNull(6) ? null : database.ReadUtc(row, 6),
            OperatorDisabledAt = bootstrap || row.IsDBNull(9) ? null : database.ReadUtc(row, 9),
        };
    }

    public async Task<bool> RevokeSessionAsync(string sessionHash, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var revoked = 0;
        var audit = AuditContext.RecordForCurrentCall();
        await database.Writer.WriteAsync(writer =>
        {
            revoked = writer
                .Command("UPDATE backoffice_sessions SET revoked_utc = @at WHERE session_hash = @hash AND revoked_utc IS NULL")
                .With("at", database.Utc(at))
                .With("hash", sessionHash)
                .ExecuteNonQuery();
            if (revoked == 1)
            {
                SqlAuditRows.Insert(writer, database, audit);
            }
        });
        return revoked == 1;
    }

    public Task DeleteSessionsExpiredBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.Writer.WriteAsync(writer => writer
            .Command("DELETE FROM backoffice_sessions WHERE expires_utc < @before")
            .With("before", database.Utc(before))
            .ExecuteNonQuery());

    private BackOfficeOperator ReadOperator(DbDataReader row) =>
        new(row.GetString(0), Enum.Parse<OperatorRole>(row.GetString(1)), database.ReadUtc(row, 2), row.GetString(3))
        {
            DisabledAt = row.IsDBNull(4) ? null : database.ReadUtc(row, 4),
            DisabledBy = row.NullableString(5),
        };
}
