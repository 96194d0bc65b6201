using Microsoft.Data.Sqlite;
using Npgsql;
using RetentionActors.Grains.Security;

namespace RetentionActors.Tests.Shared.Silo;

/// <summary>
/// A test that plays the back office reads the cluster secret from the cluster's database, as anyone with
/// access to that database could: its client then acts as part of the cluster (see <see cref="SiloClient.ConnectAsClusterAsync"/>).
/// </summary>
public static class ClusterSecrets
{
    public static ClusterSecret FromDataFolder(string dataFolder)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataFolder, "retention.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT secret FROM cluster_secret WHERE id = 1";
        return new ClusterSecret((byte[])query.ExecuteScalar()!);
    }

    public static ClusterSecret FromPostgres(string connectionString)
    {
        // Unpooled: a test that restarts the server later must not meet this connection again in its pool.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var query = new NpgsqlCommand("SELECT secret FROM cluster_secret WHERE id = 1", connection);
        return new ClusterSecret((byte[])query.ExecuteScalar()!);
    }
}
