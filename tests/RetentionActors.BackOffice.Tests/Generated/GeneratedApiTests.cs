using System.Text.Json;
using CsCheck;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// Generated malformed and hostile requests to every operation of the OpenAPI document the silo serves: each is a
/// valid request with one thing broken, and must get a 4xx (or, where the input may be legitimate, anything but a
/// 5xx), no stack trace, a short refusal, and leave the database exactly as it was. See docs/testing.md to run more
/// cases or reproduce one.
/// </summary>
[Collection(GeneratedCollection.Name)]
public sealed class GeneratedApiTests(GeneratedSilo silo)
{
    /// <summary>Cases in a CI run; <c>RETENTION_GENERATED_SCALE</c> multiplies it.</summary>
    public const int QuickSize = 1_200;

    [Fact]
    public async Task Malformed_and_hostile_requests_to_every_operation_are_refused_and_change_nothing()
    {
        var run = GeneratedRun.FromEnvironment();
        var operations = await OperationsAsync();
        var (systematic, random) = Generators(operations);
        var failures = new CaseFailures(run, "Generated API requests");
        using var http = silo.Raw();
        var runner = new ApiCaseRunner(http, new SiloDatabaseState(silo.DatabaseFile), failures);
        var numbers = run.CaseNumbers(QuickSize);

        // The first cases go through every kind of broken request and every listed invalid value; the rest are drawn at random.
        await runner.RunAsync(numbers.Select(n => (n, run.Generate(n <= systematic.Count ? systematic[n - 1] : random, n))), Ct);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{numbers.Count} generated requests to {operations.Count} operations, the first {Math.Min(systematic.Count, numbers.Count)} systematic ({run}) "
            + $"in {runner.Elapsed.TotalSeconds:0.0} s; answers: "
            + string.Join(", ", runner.Statuses.Select(s => $"{s.Key}×{s.Value}")));
        failures.AssertNone(numbers.Count);
        await TheValidRequestsAreAcceptedAsync(http, runner);
    }

    [Fact]
    public async Task Every_operation_has_a_valid_request_to_break()
    {
        var operations = await OperationsAsync();
        var table = OperationSpecs.For(silo.Seeds);

        var unknown = operations.Where(o => table.All(s => s.Key != o.Key) && OperationSpecs.View(o) is null).Select(o => o.Key).ToList();
        var gone = table.Where(s => operations.All(o => o.Key != s.Key)).Select(s => s.Key).ToList();

        Assert.True(unknown.Count == 0, $"Operations without a valid request in OperationSpecs (add one, with the rules of its fields): {string.Join(", ", unknown)}");
        Assert.True(gone.Count == 0, $"OperationSpecs entries the OpenAPI document no longer has: {string.Join(", ", gone)}");
        Assert.All(table.Where(s => (s.Json is null) != (operations.Single(o => o.Key == s.Key).Body is null) && s.Csv is null),
            s => Assert.Fail($"{s.Key}: the document and OperationSpecs disagree on whether it takes a JSON body."));
        // A body whose schema the generator cannot read would get no broken fields at all, and the run would not say so.
        Assert.All(table.Where(s => s.Json is not null), s =>
            Assert.True(BodySlot.Of(s.Json!(), operations.Single(o => o.Key == s.Key).Body!).Count > 0,
                $"{s.Key}: the generator finds no field in the document's schema of its body, so no field of it would be broken."));
    }

    // The requests every case broke one thing of are accepted as they are: otherwise a refusal would prove nothing.
    private async Task TheValidRequestsAreAcceptedAsync(HttpClient http, ApiCaseRunner runner)
    {
        var refused = new List<string>();
        foreach (var spec in OperationSpecs.For(silo.Seeds).Where(s => s.AcceptedAs is not null))
        {
            var operation = (await OperationsAsync()).Single(o => o.Key == spec.Key);
            var valid = new RequestGenerator(operation, spec, silo.Callers).Valid(silo.Callers.Named(spec.AcceptedAs!));
            var (status, body) = await runner.SendAsync(valid, Ct);
            if (status is < 200 or >= 300)
            {
                refused.Add($"{spec.Key} as {spec.AcceptedAs}: {status} {Shown.Text(body, 300)}");
            }
        }
        Assert.True(refused.Count == 0, "Valid requests the generated cases start from were refused, so their broken copies prove nothing:\n" + string.Join("\n", refused));
    }

    private (IReadOnlyList<Gen<ApiRequest>> Systematic, Gen<ApiRequest> Random) Generators(IReadOnlyList<ApiOperation> operations)
    {
        var table = OperationSpecs.For(silo.Seeds);
        var generators = operations.Select(operation =>
        {
            var spec = table.SingleOrDefault(s => s.Key == operation.Key) ?? OperationSpecs.View(operation)
                ?? throw new InvalidOperationException($"No valid request for {operation.Key}: see Every_operation_has_a_valid_request_to_break.");
            // Operations with a body have the most to break; views the least.
            var weight = spec.Access == Access.View ? 1 : spec.Json is not null ? 6 : 2;
            return (Weight: weight, Generator: new RequestGenerator(operation, spec, silo.Callers));
        }).ToList();
        return ([.. generators.SelectMany(g => g.Generator.Systematic(operations))],
            Gen.Frequency<ApiRequest>([.. generators.Select(g => (g.Weight, (IGen<ApiRequest>)g.Generator.Requests(operations)))]));
    }

    private async Task<IReadOnlyList<ApiOperation>> OperationsAsync()
    {
        using var admin = silo.Client(GeneratedSilo.AdminToken);
        using var document = JsonDocument.Parse(await admin.GetStringAsync("/openapi/v1.json", Ct));
        return ApiOperation.AllOf(document.RootElement.Clone());
    }
}
