using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

public sealed class PostgresAuditTrailTests(PostgresFixture fixture) : AuditTrailContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();

    protected override SqlDatabase OpenSecondWriter() => new PostgresDatabase(fixture.ConnectionString!);

    protected override string FailInserts(string table, string column, string value)
    {
        var name = $"fail_{Guid.NewGuid():N}";
        return $"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a storage fault'; END $$;
            CREATE TRIGGER {name} BEFORE INSERT ON {table} FOR EACH ROW WHEN (NEW.{column} = '{value}') EXECUTE FUNCTION {name}();
            """;
    }
}
