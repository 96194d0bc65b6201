using RetentionActors.Contracts;
using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Api;

/// <summary>One change made in the back office: who, when, what, on what, and how it ended.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Target, string? Detail, string Outcome);

/// <summary>
/// The back office's audit trail, a table of its own in the silo's database, written through the
/// same group-commit writer as the ledger so an entry is durable before the caller hears the answer.
/// </summary>
public sealed class AuditLog(SqlDatabase database, TimeProvider clock)
{
    // Ids are time-ordered (ticks, with a counter for ties) so both engines accept the same INSERT.
    private static long s_last;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS backoffice_audit (
            id       BIGINT PRIMARY KEY,
            at_utc   TEXT NOT NULL,
            actor    TEXT NOT NULL,
            action   TEXT NOT NULL,
            target   TEXT NOT NULL,
            detail   TEXT,
            outcome  TEXT NOT NULL
        )
        """;

    public Task EnsureSchemaAsync() =>
        database.Writer.WriteAsync(w =>
        {
            w.Command(Schema).ExecuteNonQuery();
            w.Command(WinBackApi.Schema(database)).ExecuteNonQuery();
        });

    /// <summary>Records a change; returns when it is durable.</summary>
    public Task RecordAsync(ClaimsPrincipal user, string action, string target, string? detail, string outcome)
    {
        var now = clock.GetUtcNow();
        var id = NextId(now);
        var actor = user.Identity?.Name ?? "anonymous";
        return database.Writer.WriteAsync(w =>
        {
            var command = w.Command("INSERT INTO backoffice_audit (id, at_utc, actor, action, target, detail, outcome) VALUES (@id, @at, @actor, @action, @target, @detail, @outcome)");
            Bind(command, "id", id);
            Bind(command, "at", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
            Bind(command, "actor", actor);
            Bind(command, "action", action);
            Bind(command, "target", target);
            Bind(command, "detail", detail);
            Bind(command, "outcome", outcome);
            command.ExecuteNonQuery();
        });
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? target, int take, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenRead();
        await using var command = connection.CreateCommand();
        command.CommandText = target is null
            ? "SELECT id, at_utc, actor, action, target, detail, outcome FROM backoffice_audit ORDER BY id DESC LIMIT @take"
            : "SELECT id, at_utc, actor, action, target, detail, outcome FROM backoffice_audit WHERE target = @target ORDER BY id DESC LIMIT @take";
        Bind(command, "take", take);
        if (target is not null)
        {
            Bind(command, "target", target);
        }
        var entries = new List<AuditEntry>();
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(row.GetInt64(0), DateTimeOffset.Parse(row.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                row.GetString(2), row.GetString(3), row.GetString(4), row.IsDBNull(5) ? null : row.GetString(5), row.GetString(6)));
        }
        return entries;
    }

    public static void Bind(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static long NextId(DateTimeOffset now)
    {
        while (true)
        {
            var last = Interlocked.Read(ref s_last);
            var next = Math.Max(last + 1, now.UtcTicks);
            if (Interlocked.CompareExchange(ref s_last, next, last) == last)
            {
                return next;
            }
        }
    }
}

/// <summary>Creates the audit table before the silo takes requests.</summary>
public sealed class AuditSchemaStartup(AuditLog audit, SqlDatabase database) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Two PostgreSQL silos starting together may race on CREATE TABLE IF NOT EXISTS (a unique
        // violation in the catalogue); the loser tries again and then finds the table there.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await audit.EnsureSchemaAsync().WaitAsync(cancellationToken);
                return;
            }
            catch (Exception race) when (attempt < 5 && database.IsKeyViolation(race))
            {
                await Task.Delay(200 * attempt, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
