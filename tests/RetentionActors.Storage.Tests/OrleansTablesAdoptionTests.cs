using Npgsql;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// A database an operator prepared with Orleans' own PostgreSQL scripts before the first silo started: its Orleans tables
/// are kept and ours added; anything else in the way stops the migration with a message that says what to do.
/// </summary>
public sealed class OrleansTablesAdoptionTests
{
    // The five tables as Orleans' scripts name and shape them (docs: orleans-adonet-contract.md, section 3), two query
    // rows and the membership version row.
    private const string OrleansScriptsTables = OrleansScriptsLayout.Tables + """
        INSERT INTO OrleansQuery VALUES ('WriteToStorageKey', 'the script''s own text'), ('SomeOtherKey', 'kept');
        INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES ('retention');
        """;

    [Fact]
    public async Task A_database_prepared_with_Orleans_scripts_keeps_its_tables_and_gets_ours()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        await ExecuteAsync(server.ConnectionString, OrleansScriptsTables);

        var version = PostgresDatabase.Migrate(server.ConnectionString);

        Assert.Equal(PostgresSchema.Steps.Count, version);
        // Not recreated: the rows the scripts left are there, and the storage table still has the scripts' index, not ours.
        Assert.Equal("retention", await ScalarAsync(server.ConnectionString, "SELECT deploymentid FROM orleansmembershipversiontable"));
        Assert.Equal("kept", await ScalarAsync(server.ConnectionString, "SELECT querytext FROM orleansquery WHERE querykey = 'SomeOtherKey'"));
        Assert.Equal("ix_orleansstorage", await ScalarAsync(server.ConnectionString, "SELECT string_agg(indexname, ',') FROM pg_indexes WHERE tablename = 'orleansstorage'"));
        // Our queries replaced the scripts' by key.
        Assert.Contains("retention_write_state", await ScalarAsync(server.ConnectionString, "SELECT querytext FROM orleansquery WHERE querykey = 'WriteToStorageKey'"), StringComparison.Ordinal);
        await using var database = new PostgresDatabase(server.ConnectionString);
        await ((ICustomerStore)new SqlCustomerStore(database)).CommitAsync(new CustomerCommit("adopted-1", new CustomerDocument(new("Ada Opted"), DateTimeOffset.UtcNow, [], 1), [], null, null), Ct);
        Assert.NotNull(await new SqlCustomerStore(database).LoadAsync("adopted-1", Ct));
    }

    [Fact]
    public async Task A_database_with_some_of_the_Orleans_tables_is_refused_with_what_to_do_and_nothing_changes()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        await ExecuteAsync(server.ConnectionString, "CREATE TABLE OrleansQuery (QueryKey varchar(64) NOT NULL PRIMARY KEY, QueryText varchar(8000) NOT NULL);");

        var refused = Assert.Throws<SchemaConflictException>(() => PostgresDatabase.Migrate(server.ConnectionString));

        Assert.Equal(
            "The database holds some of the tables of the Orleans ADO.NET providers (orleansquery) but not orleansmembershipversiontable, " +
            "orleansmembershiptable, orleansstorage, orleansreminderstable: it was prepared for Orleans only in part. Either run Orleans' " +
            "PostgreSQL scripts for the main tables, clustering, persistence and reminders in full (RetentionActors then keeps those tables), " +
            "or drop these tables so that RetentionActors creates them; then start again.", refused.Message);
        Assert.Equal("orleansquery", await ScalarAsync(server.ConnectionString, TablesQuery));
    }

    [Fact]
    public async Task Orleans_tables_of_another_shape_are_refused_with_what_to_do()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        await ExecuteAsync(server.ConnectionString, OrleansScriptsTables.Replace("SuspectTimes varchar(8000), ", "", StringComparison.Ordinal));

        var refused = Assert.Throws<SchemaConflictException>(() => PostgresDatabase.Migrate(server.ConnectionString));

        Assert.StartsWith("The database holds the tables of the Orleans ADO.NET providers, but without the columns orleansmembershiptable.suspecttimes", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_holding_a_table_of_ours_it_did_not_get_from_us_is_refused_with_what_to_do()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        await ExecuteAsync(server.ConnectionString, "CREATE TABLE customers (name text);");

        var refused = Assert.Throws<SchemaConflictException>(() => PostgresDatabase.Migrate(server.ConnectionString));

        Assert.Equal(
            "Schema step 1 of RetentionActors could not be applied (42P07: relation \"customers\" already exists); nothing was changed. " +
            "The database already holds something under a name RetentionActors uses, that RetentionActors did not create (or its record " +
            "of applied steps, the table retention_schema, was removed). Give RetentionActors a database of its own (CREATE DATABASE …), " +
            "or move those objects away; then start again.", refused.Message);
        Assert.Equal("customers", await ScalarAsync(server.ConnectionString, TablesQuery));
    }

    // The migration runs in one transaction: a refused one leaves not even its own record of steps.
    private const string TablesQuery = "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = current_schema()";

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<string> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
