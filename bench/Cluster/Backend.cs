namespace RetentionActors.Bench.Cluster;

/// <summary>Where the grains keep their data in a run: the embedded SQLite file, or PostgreSQL with one or more silos.</summary>
public sealed record Backend(string Name, string? SqliteFolder, string? Postgres, int Silos)
{
    public static Backend Sqlite(string folder) => new("sqlite-1silo", folder, null, 1);

    public static Backend PostgreSql(string connectionString, int silos) => new($"pg-{silos}silo", null, connectionString, silos);

    public bool IsPostgres => Postgres is not null;
}
