using RetentionActors.Storage.Analytics;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>The parts of a report on connections of their own: they see the report's snapshot, and one failing stops the rest.</summary>
public sealed class SharedSnapshotTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Parts_see_the_reports_snapshot_not_rows_written_after_it()
    {
        var database = fixture.Require();
        await database.ReadAsync(async connection =>
        {
            await Execute(connection, null, "CREATE TABLE IF NOT EXISTS shared_snapshot_probe (n integer)");
            await using var snapshot = database.BeginSnapshot(connection);
            var before = await Count(connection, snapshot);
            // Written and committed by another connection after the report's snapshot was taken.
            await database.ReadAsync(async other =>
            {
                await Execute(other, null, "INSERT INTO shared_snapshot_probe VALUES (1)");
                return true;
            });

            var seen = await SharedSnapshot.RunAsync(database, connection, snapshot, new[] { 1, 2, 3 },
                (on, shared, _, _) => Count(on, shared), Ct);

            Assert.Equal(new[] { before, before, before }, seen);
            return true;
        });
    }

    [Fact]
    public async Task A_part_that_fails_cancels_the_others_and_its_error_comes_back()
    {
        var database = fixture.Require();
        var finished = 0;

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => database.ReadAsync(async connection =>
        {
            await using var snapshot = database.BeginSnapshot(connection);
            return await SharedSnapshot.RunAsync(database, connection, snapshot, new[] { "fail", "sleep", "sleep" }, async (on, shared, part, token) =>
            {
                if (part == "fail")
                {
                    throw new InvalidOperationException("this part failed");
                }
                await using var sleep = on.CreateCommand();
                sleep.Transaction = shared;
                sleep.CommandText = "SELECT pg_sleep(20)";
                await sleep.ExecuteNonQueryAsync(token);
                Interlocked.Increment(ref finished);
                return true;
            }, Ct);
        }));

        Assert.Contains("this part failed", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, finished);
    }

    private static async Task<long> Count(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM shared_snapshot_probe";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct));
    }

    private static async Task Execute(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
