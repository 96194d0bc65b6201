using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>A SQLite database holding the <see cref="AnalyticsPopulation"/>, seeded once per test class.</summary>
public sealed class SqliteAnalyticsFixture : IAsyncLifetime
{
    private readonly SqliteFixture _sqlite = new();

    public SqlDatabase Database => _sqlite.Database;

    public async ValueTask InitializeAsync()
    {
        await _sqlite.InitializeAsync();
        await AnalyticsPopulation.SeedAsync(_sqlite.Database);
    }

    public ValueTask DisposeAsync() => _sqlite.DisposeAsync();
}

/// <summary>The same on PostgreSQL: skipped without a test server locally, failed on CI (see <see cref="PostgresFixture"/>).</summary>
public sealed class PostgresAnalyticsFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private Exception? _seedFailure;

    public SqlDatabase Database
    {
        get
        {
            var database = _postgres.Require();
            if (_seedFailure is not null)
            {
                throw new InvalidOperationException("Seeding the analytics population failed.", _seedFailure);
            }
            return database;
        }
    }

    public async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        if (_postgres.Database is { } database)
        {
            try
            {
                await AnalyticsPopulation.SeedAsync(database);
            }
            catch (Exception e)
            {
                _seedFailure = e;
            }
        }
    }

    public ValueTask DisposeAsync() => _postgres.DisposeAsync();
}
