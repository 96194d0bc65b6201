using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

public sealed class PostgresAuditTrailTests(PostgresFixture fixture) : AuditTrailContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();

    protected override SqlDatabase OpenSecondWriter() => new PostgresDatabase(fixture.ConnectionString!);
}
