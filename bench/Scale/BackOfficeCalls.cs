using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RetentionActors.Bench.Cluster;
using RetentionActors.Contracts.Runtime;
using RetentionActors.Storage.Analytics;

namespace RetentionActors.Bench.Scale;

/// <summary>
/// The back office as an operator's browser or script calls it: over HTTP, with an analyst's bearer token, each answer
/// read to its last byte (the CSV exports are streamed, so their time is the whole stream, not the first bytes).
/// </summary>
public sealed class BackOfficeCalls(int httpPort, string analystToken) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/api/"),
        Timeout = CallTimeout,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", analystToken) },
    };

    /// <summary>What the scenario times, by name: one year of retention, three years month by month and in cohorts, and the rest.</summary>
    public static IReadOnlyList<(string Name, string Path)> Endpoints(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return
        [
            // The year the back office's retention page opens with.
            ("retention (1 year)", $"{Retention}?from={Day(SqlRetentionFigures.DefaultPeriod(today).From)}&to={Day(SqlRetentionFigures.DefaultPeriod(today).To)}"),
            ("monthly retention (3 years)", $"{MonthlyRetention}?from={Day(today.AddYears(-3))}&to={Day(today.AddDays(1))}"),
            ("cohorts (3 years)", $"{Cohorts}?from={Day(today.AddYears(-3))}&to={Day(today.AddDays(1))}"),
            ("rfm segment counts", "analytics/rfm"),
            ("dormant page (by spend, 100)", DormantPage),
            ("nps", "analytics/nps"),
            ("win-back status", "winback"),
            ("glance", "glance"),
            ("customers.csv", "export/customers.csv"),
            ("ledger.csv", "export/ledger.csv"),
        ];
    }

    /// <summary>
    /// The pages whose address depends on what is there: the largest RFM segment's first page and a page after the middle
    /// member by id; the dormant list's page a tenth of the members deep, by cursor and, for comparison, by skip.
    /// </summary>
    public async Task<IReadOnlyList<(string Name, string Path)>> PagesAsync(int members)
    {
        using var rfm = JsonDocument.Parse(await _http.GetStringAsync("analytics/rfm"));
        var largest = rfm.RootElement.GetProperty("segments").EnumerateArray().MaxBy(s => s.GetProperty("customers").GetInt32())
            .GetProperty("segment").GetString()!;
        var segment = $"analytics/rfm/segments/{Uri.EscapeDataString(largest)}/customers?take=100";
        var (depth, before) = await DormantDepthAsync(members, 1);
        using (before)
        {
            var cursor = CursorAfter(before.RootElement[0]);
            return
            [
                ($"rfm segment, first page ({largest}, 100)", segment),
                ($"rfm segment, page after member {members / 2:N0} by id ({largest}, 100)", $"{segment}&after={Shop.CustomerId(members / 2)}"),
                ($"dormant page by cursor, {depth:N0} deep (by spend, 100)", DormantAfter(cursor)),
                ($"dormant page by skip, {depth:N0} deep (by spend, 100)", DormantSkipping(depth, 100)),
            ];
        }
    }

    /// <summary>
    /// Whether the dormant page a tenth of the members deep lists the same customers in the same order by cursor as by skip.
    /// One call reads the row before the page and the page by skip, and the cursor's call follows it at once: the list is
    /// "dormant for 90 days up to now", so members join it as time passes, and a cursor made minutes before (as the timed
    /// pages' is) rightly stays put while the skip page moves down with each one who joins above it.
    /// </summary>
    public async Task<bool> CursorPageMatchesSkipAsync(int members)
    {
        var (_, bySkip) = await DormantDepthAsync(members, 101);
        using (bySkip)
        {
            using var byCursor = JsonDocument.Parse(await _http.GetStringAsync(DormantAfter(CursorAfter(bySkip.RootElement[0]))));
            // Ids and spends, not the whole rows: a row's days since its last purchase may tick over between the two calls.
            static IEnumerable<string> Listed(IEnumerable<JsonElement> rows) =>
                rows.Select(r => $"{r.GetProperty("customerId").GetString()}|{r.GetProperty("lifetimeSpend").GetDecimal()}");
            return Listed(bySkip.RootElement.EnumerateArray().Skip(1)).SequenceEqual(Listed(byCursor.RootElement.EnumerateArray()));
        }
    }

    // A tenth of the members deep, or less where the list is shorter: that depth and the rows from the one just before it
    // (whose cursor is what the previous page's Next-Page-After header would hold).
    private async Task<(int Depth, JsonDocument Rows)> DormantDepthAsync(int members, int take)
    {
        for (var depth = Math.Max(1, members / 10); ; depth /= 2)
        {
            var rows = JsonDocument.Parse(await _http.GetStringAsync(DormantSkipping(depth - 1, take)));
            if (rows.RootElement.GetArrayLength() == take || depth == 1)
            {
                return (depth, rows);
            }
            rows.Dispose();
        }
    }

    private static string CursorAfter(JsonElement row) =>
        new DormantCursor(DormantOrder.Spend, row.GetProperty("lifetimeSpend").GetDecimal(), row.GetProperty("customerId").GetString()!).Encode();

    private static string DormantAfter(string cursor) => $"{DormantBySpend}&take=100&after={cursor}";

    private static string DormantSkipping(int skip, int take) => $"{DormantBySpend}&skip={skip}&take={take}";

    // The dormant list as the scenario reads it: dormant for 90 days, highest lifetime spend first.
    private const string DormantBySpend = "customers/dormant?days=90&sort=spend";

    /// <summary>How long a call may take before it counts as failed: far above the goals, short enough for a run to end.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(5);

    public const string Retention = "analytics/retention";

    public const string MonthlyRetention = "analytics/retention/monthly";

    public const string Cohorts = "analytics/cohorts";

    /// <summary>Whether the endpoint keeps the counts of the days or months that are over, so its first call does more than the next.</summary>
    public static bool KeepsCounts(string path) =>
        new[] { Retention, MonthlyRetention, Cohorts }.Any(kept => path.StartsWith(kept + "?", StringComparison.Ordinal));

    public const string DormantPage = DormantBySpend + "&skip=0&take=100";

    /// <summary>Calls <paramref name="path"/> and reads the answer to its end: status (0: no answer within <see cref="CallTimeout"/>), bytes, milliseconds.</summary>
    public async Task<(int Status, long Bytes, double Milliseconds)> CallAsync(string path)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await ReadToEndAsync(path, started);
        }
        catch (TaskCanceledException)
        {
            return (0, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private async Task<(int Status, long Bytes, double Milliseconds)> ReadToEndAsync(string path, long started)
    {
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
        }
        return ((int)response.StatusCode, bytes, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The dormant page's lifetime spends in the order given: the check that it is sorted, highest first.</summary>
    public async Task<IReadOnlyList<decimal>> DormantSpendsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(DormantPage));
        return [.. document.RootElement.EnumerateArray().Select(c => c.GetProperty("lifetimeSpend").GetDecimal())];
    }

    /// <summary>The silo's runtime page: its resident set, heap, CPU and compiling time so far.</summary>
    public async Task<RuntimeMemory> RuntimeAsync() =>
        await _http.GetFromJsonAsync<RuntimeMemory>("runtime/memory") ?? throw new InvalidOperationException("The silo answered no runtime figures.");

    public void Dispose() => _http.Dispose();
}
