using Npgsql;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

/// <summary>The failures of a query that took too long, as the driver and the server really raise them, are told apart from other failures.</summary>
public sealed class PostgresQueryTimeoutTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_drivers_command_timeout_is_a_query_timeout()
    {
        fixture.Require();
        var settings = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { CommandTimeout = 1 };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT pg_sleep(5)", connection);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => command.ExecuteScalarAsync(Ct));

        Assert.True(QueryTimeout.Is(failure), failure.ToString());
    }

    [Fact]
    public async Task The_servers_statement_timeout_is_a_query_timeout_and_a_wrong_query_is_not()
    {
        // The pool hands connections on without resetting their session, so the timeout is set for this transaction only.
        await using var connection = (NpgsqlConnection)fixture.Require().OpenRead();
        await using var wrong = new NpgsqlCommand("SELECT no_such_column FROM ledger", connection);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => wrong.ExecuteScalarAsync(Ct));

        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await using (var set = new NpgsqlCommand("SET LOCAL statement_timeout = 50", connection, transaction))
        {
            await set.ExecuteNonQueryAsync(Ct);
        }
        await using var slow = new NpgsqlCommand("SELECT pg_sleep(5)", connection, transaction);
        var timedOut = await Assert.ThrowsAnyAsync<Exception>(() => slow.ExecuteScalarAsync(Ct));

        Assert.True(QueryTimeout.Is(timedOut), timedOut.ToString());
        Assert.False(QueryTimeout.Is(refused), refused.ToString());
    }
}
