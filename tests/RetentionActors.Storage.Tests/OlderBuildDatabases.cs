using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using RetentionActors.Grains.Maintenance;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Sqlite;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Storage.Tests;

/// <summary>Databases as an older build left them (its schema steps and the rows it wrote), opened by today's code.</summary>
internal static class OlderBuildDatabases
{
    /// <summary>
    /// A SQLite file with the first <paramref name="steps"/> schema steps and <paramref name="written"/> run on it, opened
    /// by today's <see cref="SqliteDatabase"/> (which runs the later steps) for <paramref name="check"/>; removed afterwards.
    /// </summary>
    public static async Task SqliteAsync(int steps, string written, Func<SqlDatabase, Task> check)
    {
        var folder = Directory.CreateTempSubdirectory("retention-older-").FullName;
        var path = Path.Combine(folder, "retention.db");
        try
        {
            using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                old.Open();
                // As SqliteDatabase's write connection has it, so the older build's steps may include the maintenance step.
                old.CreateFunction("retention_maintenance_slot", (string customerId) => MaintenanceSlots.Of(customerId), isDeterministic: true);
                SchemaMigration.Apply(old, [.. SqliteSchema.Steps.Take(steps)], "PRAGMA user_version", step => $"PRAGMA user_version = {step}");
                Run(old, written);
            }

            await using var database = new SqliteDatabase(path);
            await check(database);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The same on a fresh PostgreSQL database of the test server.</summary>
    public static async Task PostgresAsync(int steps, string written, Func<SqlDatabase, Task> check)
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        PostgresDatabase.Migrate(server.ConnectionString, steps);
        await using (var old = new NpgsqlConnection(server.ConnectionString))
        {
            await old.OpenAsync(TestContext.Current.CancellationToken);
            Run(old, written);
        }

        await using var database = new PostgresDatabase(server.ConnectionString);
        await check(database);
    }

    private static void Run(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
