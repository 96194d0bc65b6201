using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

public sealed class PostgresGrainStorageTests(PostgresFixture fixture) : GrainStorageContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();
}
