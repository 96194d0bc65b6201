using System.Data.Common;
using System.Globalization;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// Applies numbered schema steps that have not run yet, in one transaction, and records how many
/// ran. Running it again changes nothing; a database newer than this build is refused.
/// </summary>
internal static class SchemaMigration
{
    public static void Apply(DbConnection connection, IReadOnlyList<string> steps, string readVersionSql, Func<int, string> writeVersionSql)
    {
        using var transaction = connection.BeginTransaction();
        var version = Convert.ToInt32(Run(connection, transaction, readVersionSql, scalar: true) ?? 0, CultureInfo.InvariantCulture);
        if (version > steps.Count)
        {
            throw new InvalidOperationException($"The database has schema version {version}, newer than this build knows ({steps.Count}).");
        }
        for (var step = version; step < steps.Count; step++)
        {
            Run(connection, transaction, steps[step], scalar: false);
        }
        Run(connection, transaction, writeVersionSql(steps.Count), scalar: false);
        transaction.Commit();
    }

    private static object? Run(DbConnection connection, DbTransaction transaction, string sql, bool scalar)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return scalar ? command.ExecuteScalar() : command.ExecuteNonQuery();
    }
}
