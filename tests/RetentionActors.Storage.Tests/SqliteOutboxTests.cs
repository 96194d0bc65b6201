using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

public sealed class SqliteOutboxTests(SqliteFixture fixture) : OutboxContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}
