using System.Data.Common;
using System.Globalization;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// Applies numbered schema steps that have not run yet, in one transaction, and records how many
/// ran. Running it again changes nothing; a database newer than this build is refused.
/// </summary>
internal static class SchemaMigration
{
    /// <param name="alreadyDone">
    /// Asked, inside the migration's transaction, before each step (by its index) that has not run: true skips it, as
    /// for tables the database already holds in the expected shape. It may throw <see cref="SchemaConflictException"/>.
    /// </param>
    /// <param name="explain">Turns a step's failure (by its index) into one that says what to do; null keeps the failure as it is.</param>
    public static void Apply(
        DbConnection connection, IReadOnlyList<string> steps, string readVersionSql, Func<int, string> writeVersionSql,
        Func<int, DbConnection, DbTransaction, bool>? alreadyDone = null, Func<int, Exception, Exception?>? explain = null)
    {
        using var transaction = connection.BeginTransaction();
        var version = Convert.ToInt32(ReadVersion(connection, transaction, readVersionSql), CultureInfo.InvariantCulture);
        if (version > steps.Count)
        {
            throw new SchemaConflictException(
                $"The database has schema version {version}, newer than this build knows ({steps.Count}): it was upgraded by a newer " +
                "RetentionActors. Run that version (or newer), or restore a backup taken before the upgrade.");
        }
        for (var step = version; step < steps.Count; step++)
        {
            if (alreadyDone?.Invoke(step, connection, transaction) == true)
            {
                continue;
            }
            try
            {
                Run(connection, transaction, steps[step]);
            }
            catch (Exception failure) when (explain?.Invoke(step, failure) is { } explained)
            {
                throw explained;
            }
        }
        Run(connection, transaction, writeVersionSql(steps.Count));
        transaction.Commit();
    }

    // The version is the first column of the last result set, so the read may lock and create first.
    private static object ReadVersion(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        object version = 0;
        do
        {
            while (reader.FieldCount > 0 && reader.Read())
            {
                version = reader.IsDBNull(0) ? 0 : reader.GetValue(0);
            }
        }
        while (reader.NextResult());
        return version;
    }

    private static void Run(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
