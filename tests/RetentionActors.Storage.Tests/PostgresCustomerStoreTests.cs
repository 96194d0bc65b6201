using System.Runtime.ExceptionServices;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Storage.Tests;

public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresTestDatabase? _database;
    private ExceptionDispatchInfo? _failure;

    public PostgresDatabase? Database { get; private set; }

    public string? ConnectionString => _database?.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        try
        {
            _database = await PostgresTestDatabase.CreateAsync();
            Database = new PostgresDatabase(_database.ConnectionString);
        }
        catch (Exception e)
        {
            // Each test reports it: a skip here, a failure on CI.
            _failure = ExceptionDispatchInfo.Capture(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public PostgresDatabase Require()
    {
        _failure?.Throw();
        return Database!;
    }
}

public sealed class PostgresCustomerStoreTests(PostgresFixture fixture) : CustomerStoreContract, IClassFixture<PostgresFixture>
{
    protected override ICustomerStore Store => new SqlCustomerStore(fixture.Require());

    protected override Sql.SqlDatabase Database => fixture.Require();

    [Fact]
    public void Migrating_again_changes_nothing()
    {
        fixture.Require();
        var connectionString = fixture.ConnectionString!;

        Assert.Equal(PostgresDatabase.Migrate(connectionString), PostgresDatabase.Migrate(connectionString));
    }
}
