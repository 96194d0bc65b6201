using Npgsql;

namespace RetentionActors.Tests.Shared;

/// <summary>
/// A database of its own on the PostgreSQL server named by <c>RETENTION_TEST_POSTGRES</c>
/// (<c>.ci/postgres start</c> runs one). Without a server the tests that need one skip on a
/// developer machine and fail on CI (<c>CI</c> set), so a missing server never passes silently.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "RETENTION_TEST_POSTGRES";

    private readonly string _adminConnectionString;
    private readonly string _name;

    private PostgresTestDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(admin))
        {
            RequirePrerequisite($"PostgreSQL tests need {Variable}; run: eval \"$(.ci/postgres start)\"");
        }
        var database = new PostgresTestDatabase(admin!, "retention_" + Guid.NewGuid().ToString("N")[..12]);
        await using var connection = new NpgsqlConnection(admin);
        try
        {
            await connection.OpenAsync();
        }
        catch (NpgsqlException e)
        {
            RequirePrerequisite($"PostgreSQL at {Variable} is not reachable: {e.Message}");
        }
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database._name}", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Skips here; on CI, where the prerequisite is part of the job, fails instead.</summary>
    public static void RequirePrerequisite(string message)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail(message);
        }
        Assert.Skip(message);
    }
}
