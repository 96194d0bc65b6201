using System.Net;
using System.Text;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// The generated suites can fail: run against a fake server and a fake database, their oracle flags a server error, an
/// invalid request accepted, a stack trace, an echoing refusal, a state change, and an import that booked a row.
/// </summary>
public sealed class OracleSelfTests
{
    [Fact]
    public async Task The_runner_pins_each_wrong_answer_and_each_state_change_on_its_case()
    {
        var database = new FakeDatabase();
        using var http = new HttpClient(new FakeServer(database)) { BaseAddress = new Uri("http://fake") };
        var failures = new CaseFailures(new GeneratedRun(1, 1, null), "self-test");
        var runner = new ApiCaseRunner(http, database, failures);

        await runner.RunAsync([(1, Get("/refuses")), (2, Get("/fails")), (3, Get("/accepts")), (4, Get("/changes")), (5, Get("/traces")), (6, Get("/echoes"))],
            TestContext.Current.CancellationToken);

        Assert.Equal(["case 2", "case 3", "case 4", "case 4", "case 5", "case 6"], failures.All.Select(f => f[..f.IndexOf(' ', 5)]));
        Assert.Contains("a server error, 500", failures.All[0], StringComparison.Ordinal);
        Assert.Contains("accepted (200)", failures.All[1], StringComparison.Ordinal);
        Assert.Contains("it changed the state", failures.All[3], StringComparison.Ordinal);
        Assert.Contains("ledger: 0 → 1 rows", failures.All[3], StringComparison.Ordinal);
        Assert.Contains("stack trace", failures.All[4], StringComparison.Ordinal);
        Assert.Contains("more than 4,096", failures.All[5], StringComparison.Ordinal);
        Assert.Contains("RETENTION_GENERATED_SEED=1 RETENTION_GENERATED_CASE=2", failures.All[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"rows":1,"imported":1,"alreadyImported":0,"customersCreated":0,"errors":[]}""", "booked 1")]
    [InlineData("""{"rows":1,"imported":0,"alreadyImported":0,"customersCreated":1,"errors":[{"line":2,"message":"x"}]}""", "enrolled 1")]
    [InlineData("""{"rows":2,"imported":0,"alreadyImported":0,"customersCreated":0,"errors":[{"line":2,"message":"x"}]}""", "not the broken rows' lines")]
    public void The_import_oracle_flags_a_report_that_took_a_broken_row(string report, string flagged)
    {
        var file = new ImportCase("two broken rows", "header\nrow\nrow\n", [2, 3]);

        Assert.Contains(flagged, ImportOracle.Judge(file, 200, report), StringComparison.Ordinal);
        Assert.Null(ImportOracle.Judge(file, 200, """{"rows":2,"imported":0,"alreadyImported":0,"customersCreated":0,"errors":[{"line":2,"message":"x"},{"line":3,"message":"y"}]}"""));
    }

    private static ApiRequest Get(string path) => new("GET " + path, "self-test", ApiCaller.Anonymous, "GET", path, null, null, Expectation.Refused);

    private sealed class FakeDatabase : IStateProbe
    {
        public List<string> Ledger { get; } = [];

        public Task<StateSnapshot> ReadAsync() =>
            Task.FromResult(new StateSnapshot(new Dictionary<string, IReadOnlyList<string>> { ["ledger"] = [.. Ledger] }));
    }

    private sealed class FakeServer(FakeDatabase database) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var (status, body) = request.RequestUri!.AbsolutePath switch
            {
                "/fails" => (HttpStatusCode.InternalServerError, "{}"),
                "/accepts" => (HttpStatusCode.OK, "{}"),
                "/changes" => Change(),
                "/traces" => (HttpStatusCode.BadRequest, "System.InvalidOperationException: x\n   at Somewhere.Do() in Somewhere.cs:line 1"),
                "/echoes" => (HttpStatusCode.BadRequest, new string('x', 5_000)),
                _ => (HttpStatusCode.BadRequest, "{}"),
            };
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) });
        }

        private (HttpStatusCode, string) Change()
        {
            database.Ledger.Add("fz-cust-1 | 1 | Purchase | 12");
            return (HttpStatusCode.OK, "{}");
        }
    }
}
