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
        var version = Convert.ToInt32(ReadVersion(connection, transaction, readVersionSql), CultureInfo.InvariantCulture);
        if (version > steps.Count)
        {
            throw new InvalidOperationException($"The database has schema version {version}, newer than this build knows ({steps.Count}).");
        }
        for (var step = version; step < steps.Count; step++)
        {
            Run(connection, transaction, steps[step]);
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
