using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests;

public sealed class SqliteCustomerStoreTests(SqliteFixture fixture) : CustomerStoreContract, IClassFixture<SqliteFixture>
{
    protected override ICustomerStore Store { get; } = new SqlCustomerStore(fixture.Database);

    protected override SqlDatabase Database => fixture.Database;

    [Fact]
    public async Task Reopening_the_file_keeps_the_data_and_does_not_rerun_the_schema()
    {
        var id = "reopen-" + Guid.NewGuid().ToString("N");
        await Store.CommitAsync(new CustomerCommit(id, new CustomerDocument(new("Re Open"), DateTimeOffset.UtcNow, [], 1), [], null, null), TestContext.Current.CancellationToken);

        await using var reopened = new SqliteDatabase(fixture.Path);

        Assert.NotNull(await new SqlCustomerStore(reopened).LoadAsync(id, TestContext.Current.CancellationToken));
    }
}
