using Npgsql;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// Whether a read failed because the database took too long, rather than because it is wrong or gone: the driver's
/// command timeout (Npgsql's <c>Command Timeout</c>, 30 s unless the connection string says otherwise; SQLite's busy
/// timeout) or the server cancelling the statement (PostgreSQL's <c>statement_timeout</c>).
/// </summary>
public static class QueryTimeout
{
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or PostgresException { SqlState: PostgresErrorCodes.QueryCanceled })
            {
                return true;
            }
        }
        return false;
    }
}
