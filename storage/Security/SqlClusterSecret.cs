using RetentionActors.Grains.Security;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Security;

/// <summary>The cluster secret in the cluster's database: the first silo to start creates it, every later one reads it.</summary>
public static class SqlClusterSecret
{
    public static ClusterSecret LoadOrCreate(SqlDatabase database)
    {
        var candidate = ClusterSecret.NewSecret();
        // Two silos starting together both try; the first insert wins and both read the winner.
        database.Writer.WriteAsync(writer => writer
                .Command("INSERT INTO cluster_secret (id, secret, created_utc) VALUES (1, @secret, @now) ON CONFLICT DO NOTHING")
                .With("secret", candidate)
                .With("now", database.Utc(DateTimeOffset.UtcNow))
                .ExecuteNonQuery())
            .GetAwaiter().GetResult();
        using var connection = database.OpenRead();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT secret FROM cluster_secret WHERE id = 1";
        return new ClusterSecret((byte[])query.ExecuteScalar()!);
    }
}
