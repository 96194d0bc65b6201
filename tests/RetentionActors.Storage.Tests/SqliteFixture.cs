using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests;

/// <summary>A fresh database file per test class.</summary>
public sealed class SqliteFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("retention-store-").FullName;

    public SqliteDatabase Database { get; private set; } = null!;

    public string Path => System.IO.Path.Combine(_folder, "retention.db");

    public ValueTask InitializeAsync()
    {
        Database = new SqliteDatabase(Path);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
