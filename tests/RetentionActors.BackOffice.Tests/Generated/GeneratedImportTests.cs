using System.Net;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// Generated broken purchase histories posted to <c>/api/import/purchases</c>: every data row of each file is broken in
/// one way (or the file is no history at all), so the answer is a refusal of the file or a report that refuses every
/// row by its line, books nothing, enrolls no one, and the database is left exactly as it was.
/// </summary>
[Collection(GeneratedCollection.Name)]
public sealed class GeneratedImportTests(GeneratedSilo silo)
{
    public const int QuickSize = 400;

    [Fact]
    public async Task Broken_history_files_are_refused_row_by_row_and_book_nothing()
    {
        var run = GeneratedRun.FromEnvironment();
        var files = ImportRows.Files(silo.Seeds.Customer, silo.Seeds.Today);
        var failures = new CaseFailures(run, "Generated history imports");
        using var http = silo.Raw();
        var runner = new ApiCaseRunner(http, new SiloDatabaseState(silo.DatabaseFile), failures);
        var numbers = run.CaseNumbers(QuickSize);

        await runner.RunAsync(numbers.Select(n => (n, run.Generate(files, n))), file => ImportOracle.Request(file, silo.Callers.Admin), ImportOracle.Judge, Ct);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{numbers.Count} generated history files ({run}) in {runner.Elapsed.TotalSeconds:0.0} s; answers: " + string.Join(", ", runner.Statuses.Select(s => $"{s.Key}×{s.Value}")));
        failures.AssertNone(numbers.Count);
    }

    [Fact]
    public async Task A_history_above_64_MB_is_refused_with_413_before_it_is_read_and_changes_nothing()
    {
        var state = new SiloDatabaseState(silo.DatabaseFile);
        var before = await state.ReadAsync();
        using var admin = silo.Client(GeneratedSilo.AdminToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/import/purchases") { Content = new OversizedCsv(64L * 1024 * 1024 + 1) };
        // The silo answers on the Content-Length: the client waits for that answer instead of writing 64 MB first.
        request.Headers.ExpectContinue = true;

        using var response = await admin.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("64 MB", body, StringComparison.Ordinal);
        Assert.Null((await state.ReadAsync()).ChangesSince(before));
    }
}
