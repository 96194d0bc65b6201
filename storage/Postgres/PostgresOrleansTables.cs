using System.Data.Common;
using Npgsql;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Postgres;

/// <summary>
/// A database an operator already prepared for Orleans: its official PostgreSQL scripts create the tables of the
/// ADO.NET providers under the names our schema gives them. A database we have not migrated yet that holds all of
/// them, with the columns the providers use, keeps them (our queries and functions are still installed: they replace
/// the scripts' by key); any other clash stops the migration with a message that says what to do.
/// </summary>
internal static class PostgresOrleansTables
{
    // The columns the providers (and our queries) use, per table, as Orleans' scripts and our schema both name them.
    private static readonly Dictionary<string, string[]> s_columns = new()
    {
        ["orleansquery"] = ["querykey", "querytext"],
        ["orleansmembershipversiontable"] = ["deploymentid", "timestamp", "version"],
        ["orleansmembershiptable"] =
            ["deploymentid", "address", "port", "generation", "siloname", "hostname", "status", "proxyport", "suspecttimes", "starttime", "iamalivetime"],
        ["orleansstorage"] =
            ["grainidhash", "grainidn0", "grainidn1", "graintypehash", "graintypestring", "grainidextensionstring", "serviceid", "payloadbinary", "modifiedon", "version"],
        ["orleansreminderstable"] = ["serviceid", "grainid", "remindername", "starttime", "period", "grainhash", "version"],
    };

    /// <summary>Whether the Orleans tables are there already and are kept (the step that creates them is then skipped).</summary>
    public static bool Adopt(DbConnection connection, DbTransaction transaction)
    {
        var columns = ExistingColumns(connection, transaction);
        var present = PostgresSchema.OrleansTableNames.Where(columns.ContainsKey).ToList();
        if (present.Count == 0)
        {
            return false;
        }
        var absent = PostgresSchema.OrleansTableNames.Except(present).ToList();
        if (absent.Count > 0)
        {
            throw new SchemaConflictException(
                $"The database holds some of the tables of the Orleans ADO.NET providers ({string.Join(", ", present)}) but not {string.Join(", ", absent)}: " +
                "it was prepared for Orleans only in part. Either run Orleans' PostgreSQL scripts for the main tables, clustering, persistence and " +
                "reminders in full (RetentionActors then keeps those tables), or drop these tables so that RetentionActors creates them; then start again.");
        }
        var missing = s_columns.SelectMany(t => t.Value.Where(c => !columns[t.Key].Contains(c)).Select(c => $"{t.Key}.{c}")).ToList();
        if (missing.Count > 0)
        {
            throw new SchemaConflictException(
                $"The database holds the tables of the Orleans ADO.NET providers, but without the columns {string.Join(", ", missing)} that " +
                "Orleans 10 uses: they come from another version of Orleans' scripts, or from something else. Drop these tables so that " +
                "RetentionActors creates them (or recreate them with the scripts of Orleans 10); then start again.");
        }
        return true;
    }

    /// <summary>A step's failure told as what to do; null for a lost connection, which the caller reports as such.</summary>
    public static Exception? Explain(int step, Exception failure)
    {
        if (StoreFaults.IsConnectivityFailure(failure) || failure is not PostgresException refused)
        {
            return null;
        }
        var what = $"Schema step {step + 1} of RetentionActors could not be applied ({refused.SqlState}: {refused.MessageText}); nothing was changed.";
        return new SchemaConflictException(refused.SqlState switch
        {
            PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.DuplicateFunction
                or PostgresErrorCodes.DuplicateColumn or PostgresErrorCodes.DuplicateSchema =>
                what + " The database already holds something under a name RetentionActors uses, that RetentionActors did not create " +
                "(or its record of applied steps, the table retention_schema, was removed). Give RetentionActors a database of its own " +
                "(CREATE DATABASE …), or move those objects away; then start again.",
            PostgresErrorCodes.InsufficientPrivilege =>
                what + " The database user may not create tables and functions there: run the migration (silo migrate) as the database's owner.",
            _ => what + " Check that this database is the one meant for RetentionActors and holds nothing else under its table names.",
        }, failure);
    }

    private static Dictionary<string, HashSet<string>> ExistingColumns(DbConnection connection, DbTransaction transaction)
    {
        using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = ANY(@names)
            """;
        query.Parameters.Add(new NpgsqlParameter("names", PostgresSchema.OrleansTableNames));
        var columns = new Dictionary<string, HashSet<string>>();
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            var table = reader.GetString(0);
            if (!columns.TryGetValue(table, out var names))
            {
                columns[table] = names = [];
            }
            names.Add(reader.GetString(1));
        }
        return columns;
    }
}
