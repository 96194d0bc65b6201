using Npgsql;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// The cluster's PostgreSQL as people see it: described by server and database only, and failures to
/// reach it turned into messages that say what to check. The connection string itself is never printed
/// or logged, since it usually holds the password.
/// </summary>
public static class ClusterDatabase
{
    /// <summary>Server, port and database, without user or password.</summary>
    public static string Describe(string connectionString)
    {
        var settings = Parse(connectionString);
        return $"PostgreSQL {settings.Host}:{settings.Port}/{settings.Database}";
    }

    /// <summary>Runs <paramref name="open"/> (which connects to the database) and explains a failure to connect.</summary>
    public static T Open<T>(string connectionString, Func<T> open)
    {
        var description = Describe(connectionString);
        try
        {
            return open();
        }
        catch (SchemaConflictException conflict)
        {
            // The database answered, but cannot take this build's schema as it is: the message says what to do.
            throw new SiloStartupException($"Cannot use the cluster database {description}: {conflict.Message}");
        }
        catch (NpgsqlException e)
        {
            // Npgsql's messages name the server and the user, never the password.
            throw new SiloStartupException(
                $"Cannot use the cluster database {description}: {e.Message}. " +
                "Check that PostgreSQL runs there and that the user, password and database in the connection string (Silo__Postgres) are right.");
        }
    }

    private static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // The parser's message can quote a piece of the string, which may be part of the password.
            throw new SiloStartupException(
                "The PostgreSQL connection string (Silo__Postgres or --postgres) cannot be read: a keyword is unknown or a value is malformed " +
                "(details are not shown, as they could show the password). Expected: Host=…;Port=5432;Username=…;Password=…;Database=…");
        }
    }
}
