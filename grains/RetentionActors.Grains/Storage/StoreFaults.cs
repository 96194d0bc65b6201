using System.Data.Common;

namespace RetentionActors.Grains.Storage;

/// <summary>
/// Tells a database that cannot be reached from a database that refused a request. Only the first is a
/// fault to wait out and retry; key violations, conflicts between transactions and bad SQL are answers.
/// Written against <see cref="DbException"/> only, so it judges our store and the Orleans ADO.NET
/// providers alike without knowing the driver.
/// </summary>
public static class StoreFaults
{
    /// <summary>Whether <paramref name="exception"/>, or one it wraps, says the database could not be reached or dropped the connection.</summary>
    public static bool IsConnectivityFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is StoreUnavailableException || e is DbException db && IsConnectivityFailure(db))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsConnectivityFailure(DbException exception) => exception.SqlState switch
    {
        // Connection exceptions (08…), and the server shutting down, crashing, starting up or ending an idle session (57P01–57P05).
        { } state when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P0", StringComparison.Ordinal) => true,
        // Serialization failures and deadlocks (40…) and lock timeouts (55P03) are transient too, but they are conflicts
        // between transactions on a working connection: the group-commit writer isolates and retries those itself.
        { } state when state.StartsWith("40", StringComparison.Ordinal) || state == "55P03" => false,
        // No SQLSTATE: the driver's own failure (Npgsql marks socket, I/O and timeout failures transient).
        _ => exception.IsTransient,
    };
}
