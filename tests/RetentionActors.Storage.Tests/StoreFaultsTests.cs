using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests;

/// <summary>Which errors count as "the database is away" (retry later) and which are answers that must pass through unchanged.</summary>
public sealed class StoreFaultsTests
{
    public static TheoryData<string, Exception> Unreachable => new()
    {
        { "socket error inside Npgsql", new NpgsqlException("Exception while reading from stream", new IOException("broken pipe", new SocketException())) },
        { "refused connection", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)) },
        { "admin shutdown", Postgres("57P01") },
        { "server starting up", Postgres("57P03") },
        { "connection failure class 08", Postgres("08006") },
        { "too many connections", Postgres("53300") },
        { "wrapped by an Orleans storage provider", new OrleansException("Error from storage provider", Postgres("57P01")) },
        { "a customer grain reloading after an outage", new InvalidOperationException("reloading", new StoreUnavailableException()) },
    };

    public static TheoryData<string, Exception> Answers => new()
    {
        { "unique key violation", Postgres("23505") },
        { "deadlock", Postgres("40P01") },
        { "serialization failure", Postgres("40001") },
        { "lock not available", Postgres("55P03") },
        { "syntax error", Postgres("42601") },
        { "Orleans call timeout", new TimeoutException("Response did not arrive on time") },
        { "concurrent update", new ConcurrentUpdateException("changed by another writer") },
        { "bad input", new InvalidRequestException("bad", "field") },
    };

    [Theory]
    [MemberData(nameof(Unreachable))]
    public void A_database_that_cannot_be_reached_is_a_connectivity_failure(string what, Exception failure) =>
        Assert.True(StoreFaults.IsConnectivityFailure(failure), what);

    [Theory]
    [MemberData(nameof(Answers))]
    public void A_refusal_or_a_fault_of_something_else_is_not(string what, Exception failure) =>
        Assert.False(StoreFaults.IsConnectivityFailure(failure), what);

    [Fact]
    public async Task On_SQLite_an_unreadable_or_full_file_is_a_connectivity_failure_and_a_constraint_is_not()
    {
        await using var database = new SqliteDatabase(Path.Combine(Directory.CreateTempSubdirectory("retention-faults-").FullName, "faults.db"));

        Assert.True(database.IsConnectionFailure(new SqliteException("disk I/O error", 10)));
        Assert.True(database.IsConnectionFailure(new SqliteException("database or disk is full", 13)));
        Assert.False(database.IsConnectionFailure(new SqliteException("UNIQUE constraint failed", 19)));
    }

    private static PostgresException Postgres(string sqlState) => new("test", "ERROR", "ERROR", sqlState);
}
