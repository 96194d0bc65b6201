using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RetentionActors.Storage.Hosting;
using RetentionActors.Tests.Shared;

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// A silo counts the months that are over for monthly retention and cohorts by itself, so the back office finds them kept
/// the first time it opens them.
/// </summary>
public sealed class CountingAheadTests
{
    [Fact]
    public async Task A_silo_keeps_the_counts_of_months_that_are_over_without_any_report_asking()
    {
        var data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "retention-ahead-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            await using var silo = await SiloProcess.StartAsync(data, new Dictionary<string, string>
            {
                ["RETENTION_ADMIN_TOKEN"] = BackOfficeSilo.AdminToken,
                ["CountAhead__FirstAfter"] = "00:00:00.5",
                ["CountAhead__Every"] = "00:00:01",
            });
            var today = DateTime.UtcNow.Date;
            var (twoMonthsAgo, threeMonthsAgo) = (today.AddMonths(-2), today.AddMonths(-3));
            using var admin = new HttpClient { BaseAddress = new Uri((await silo.DashboardUrl).Replace("/dashboard/", "/", StringComparison.Ordinal)) };
            admin.DefaultRequestHeaders.Authorization = new("Bearer", BackOfficeSilo.AdminToken);
            var import = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(
                $"ahead-1,ahead-r1,s1,{threeMonthsAgo:yyyy-MM-dd}T10:00:00Z,40,purchase,",
                $"ahead-1,ahead-r2,s1,{twoMonthsAgo:yyyy-MM-dd}T10:00:00Z,30,purchase,"), Ct));
            Assert.Equal(0, import.GetProperty("errors").GetArrayLength());

            // No report is asked for: the month of the second purchase is kept with its buyer, for cohorts and for the
            // back office's default window of monthly retention (the first purchase makes the customer active at its
            // start). Both are over on every day of the current month, its first two included.
            var month = twoMonthsAgo.Year * 12 + twoMonthsAgo.Month - 1;
            var kept = await Eventually.Until(() => KeptAsync(Path.Combine(data, SqliteStorageExtensions.DatabaseFileName), month),
                k => k is { Buyers: 1, Active: >= 1 }, "the silo to keep the counts of the month of the purchase", TimeSpan.FromSeconds(60));
            Assert.Equal(1, kept.Buyers);
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Theory]
    [InlineData("CountAhead__Every", "00:00:00.0005", "CountAhead:Every must be 1 second to 31 days")]
    [InlineData("CountAhead__FirstAfter", "300", "CountAhead:FirstAfter must be 0 to 31 days")]
    [InlineData("CountAhead__Months", "1", "CountAhead:Months must be 3 to 240")]
    [InlineData("CountAhead__Every", "hourly", "are durations, written hh:mm:ss")]
    public async Task A_silo_refuses_count_ahead_settings_that_cannot_work_and_says_why(string setting, string value, string said)
    {
        var data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "retention-ahead-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var exit = await SiloProcess.RunToExitAsync(data, new Dictionary<string, string> { [setting] = value }, TimeSpan.FromSeconds(60));
            Assert.Equal(2, exit.ExitCode);
            Assert.Contains(said, exit.Errors, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", exit.Errors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    // The month's buyers kept for cohorts, and the customers active at its start kept for monthly retention's 365-day window.
    private static async Task<(long Buyers, long Active)> KeptAsync(string file, int month)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COALESCE(SUM(buyers), 0) FROM cohort_counts WHERE bought = $month),
                   (SELECT COALESCE(SUM(active), 0) FROM monthly_retention_counts WHERE window_days = 365 AND boundary = $month)
            """;
        command.Parameters.AddWithValue("$month", month.ToString(CultureInfo.InvariantCulture));
        await using var row = await command.ExecuteReaderAsync(Ct);
        await row.ReadAsync(Ct);
        return (row.GetInt64(0), row.GetInt64(1));
    }
}
