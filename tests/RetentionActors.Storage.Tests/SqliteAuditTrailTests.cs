using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests;

public sealed class SqliteAuditTrailTests(SqliteFixture fixture) : AuditTrailContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;

    protected override SqlDatabase OpenSecondWriter() => new SqliteDatabase(fixture.Path);
}
