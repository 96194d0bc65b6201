using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests;

public sealed class SqliteAuditTrailTests(SqliteFixture fixture) : AuditTrailContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;

    protected override SqlDatabase OpenSecondWriter() => new SqliteDatabase(fixture.Path);

    // json() of something that is not JSON: an error of the engine, not a refused key.
    protected override string FailInserts(string table, string column, string value) => $"""
        CREATE TRIGGER fail_{Guid.NewGuid():N} BEFORE INSERT ON {table} WHEN NEW.{column} = '{value}'
        BEGIN SELECT json('a storage fault'); END;
        """;
}
