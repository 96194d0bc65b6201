using Npgsql;
using RetentionActors.Bench.Reporting;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Postgres;

namespace RetentionActors.Bench.Scale;

/// <summary>
/// What counting ahead (<see cref="SqlRetentionFigures.CountAheadAsync"/>, which every silo runs in the background) costs
/// and what it gives. First each report that keeps counts is timed once more with nothing kept. Then, with nothing kept,
/// what a silo counts ahead is counted, timed; then retention of the page's default year and monthly retention and
/// cohorts of three years are called once each, as a marketer's first look. The scenario's silos run with counting
/// ahead off, so the endpoints' first calls before this are counted by the report.
/// </summary>
internal static class CountAheadTiming
{
    /// <summary>Months before the current one a silo keeps counted (its <c>CountAhead:Months</c> default).</summary>
    private const int Months = 36;

    public static async Task RunAsync(BenchContext context, string connectionString, BackOfficeCalls office, string target, DateTimeOffset now)
    {
        await ForgetKeptCountsAsync(connectionString);
        // Each report's cold count again, now that the endpoints' first calls have read the freshly seeded ledger once
        // (that first read of bulk-loaded rows costs more than any later one), forgetting what each kept.
        foreach (var (name, path) in BackOfficeCalls.Endpoints(now).Where(e => BackOfficeCalls.KeepsCounts(e.Path)))
        {
            var (status, bytes, ms) = await office.CallAsync(path);
            await ForgetKeptCountsAsync(connectionString);
            Console.Error.WriteLine(FormattableString.Invariant($"  {target}: {name}, nothing kept, after the first calls {ms:N0} ms"));
            context.Report.Add(new Figure($"{PostgresScaleScenario.Name}-endpoint", $"{target}: {name}, nothing kept, after the first calls", 1, 1, double.NaN, ms,
                double.NaN, double.NaN, ms, double.NaN, status == 200 ? 0 : 1,
                FormattableString.Invariant($"GET /api/{path.Split('?')[0]} with nothing kept, once the ledger has been read: what a period or span never asked for costs; {bytes:N0} bytes")));
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var database = new PostgresDatabase(connectionString);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var counted = await new SqlRetentionFigures(database).CountAheadAsync(today.AddMonths(-Months));
        var seconds = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine(FormattableString.Invariant($"  {target}: counting ahead {seconds:F1} s ({counted})"));
        context.Report.Add(new Figure($"{PostgresScaleScenario.Name}-count-ahead", target, 1, 1, double.NaN, seconds * 1000, double.NaN, double.NaN, seconds * 1000,
            double.NaN, counted is null ? 1 : 0, FormattableString.Invariant(
                $"counting ahead with nothing kept, as a silo does in the background: the months that are over of the last {Months} (ms, in p50); counted {counted?.MonthStarts} month starts of monthly retention (window {SqlRetentionFigures.DefaultWindowDays} days), {counted?.CohortMonths} months of cohorts and {counted?.RetentionPeriods} default years of retention")));

        foreach (var (name, path) in BackOfficeCalls.Endpoints(now).Where(e => BackOfficeCalls.KeepsCounts(e.Path)))
        {
            var (status, bytes, ms) = await office.CallAsync(path);
            Console.Error.WriteLine(FormattableString.Invariant($"  {target}: {name}, first call after counting ahead {ms:N0} ms"));
            context.Report.Add(new Figure($"{PostgresScaleScenario.Name}-endpoint", $"{target}: {name}, first call after counting ahead", 1, 1, double.NaN, ms,
                double.NaN, double.NaN, ms, double.NaN, status == 200 ? 0 : 1,
                FormattableString.Invariant($"GET /api/{path.Split('?')[0]} right after counting ahead: what is over is read back, the rest counted; {bytes:N0} bytes")));
        }
    }

    private static async Task ForgetKeptCountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var forget = new NpgsqlCommand("DELETE FROM monthly_retention_counts; DELETE FROM cohort_counts; DELETE FROM retention_counts", connection);
        await forget.ExecuteNonQueryAsync();
    }
}
