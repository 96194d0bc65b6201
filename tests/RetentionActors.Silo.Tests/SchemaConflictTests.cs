using Npgsql;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Silo.Tests;

/// <summary>A cluster database that cannot take the schema as it is: the silo stops and says what to do, without a stack trace.</summary>
public sealed class SchemaConflictTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("retention-schema-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_database_prepared_for_Orleans_only_in_part_stops_the_silo_with_what_to_do()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand("CREATE TABLE OrleansQuery (QueryKey varchar(64) PRIMARY KEY, QueryText varchar(8000) NOT NULL)", connection);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var exit = await SiloProcess.RunToExitAsync(_folder, new Dictionary<string, string> { ["Silo__Postgres"] = database.ConnectionString }, TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit.ExitCode);
        Assert.Contains("Cannot use the cluster database PostgreSQL 127.0.0.1:", exit.Errors, StringComparison.Ordinal);
        Assert.Contains("prepared for Orleans only in part", exit.Errors, StringComparison.Ordinal);
        Assert.Contains("run Orleans' PostgreSQL scripts for the main tables, clustering, persistence and reminders in full", exit.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", exit.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", exit.Output + exit.Errors, StringComparison.Ordinal);
    }
}
