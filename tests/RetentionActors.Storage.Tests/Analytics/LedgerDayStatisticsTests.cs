using System.Globalization;
using System.Text.RegularExpressions;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>
/// PostgreSQL knows how many (UTC day, kind, sign) groups the ledger holds (schema step 26), so it plans the liability's
/// and the glance's day totals for a few groups a day and hashes them. Without the statistics it expects a group per
/// ledger row and sorts every row: at 20 M rows, on disk.
/// </summary>
public sealed partial class LedgerDayStatisticsTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task The_planner_expects_a_few_groups_a_day_not_one_a_row()
    {
        var database = fixture.Require();
        var plan = await database.ReadAsync(async connection =>
        {
            var ct = TestContext.Current.CancellationToken;
            await using (var fill = connection.CreateCommand())
            {
                // 3,000 purchases, each at its own second, over three days; then the statistics as autovacuum would gather them.
                fill.CommandText = """
                    INSERT INTO ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, occurred_at, occurred_utc, recorded_utc)
                    SELECT 'day-stats-' || (i % 100), i, 'Purchase', 10, 1, 10 * i, 'k' || i, '', t, t
                    FROM generate_series(1, 3000) i, LATERAL (SELECT timestamptz '2026-01-01' + i * interval '86 seconds' AS t) at;
                    ANALYZE ledger;
                    """;
                await fill.ExecuteNonQueryAsync(ct);
            }
            await using var explain = connection.CreateCommand();
            explain.CommandText = $"""
                EXPLAIN SELECT {Storage.Analytics.SqlDialect.PostgresDayKey("occurred_utc")}, kind, CASE WHEN points > 0 THEN 1 ELSE 0 END, SUM(points)
                FROM ledger WHERE points <> 0
                GROUP BY {Storage.Analytics.SqlDialect.PostgresDayKey("occurred_utc")}, kind, CASE WHEN points > 0 THEN 1 ELSE 0 END
                """;
            return (string)(await explain.ExecuteScalarAsync(ct))!;
        });

        var expected = long.Parse(EstimatedRows().Match(plan).Groups[1].Value, CultureInfo.InvariantCulture);

        Assert.True(expected <= 30, $"the planner expected {expected} groups for 3 days: {plan}");
    }

    [GeneratedRegex(@"rows=(\d+)")]
    private static partial Regex EstimatedRows();
}
