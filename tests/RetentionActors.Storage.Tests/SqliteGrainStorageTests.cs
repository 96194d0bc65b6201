using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

public sealed class SqliteGrainStorageTests(SqliteFixture fixture) : GrainStorageContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}
