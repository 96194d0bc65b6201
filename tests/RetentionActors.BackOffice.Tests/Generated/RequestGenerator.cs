using System.Text.RegularExpressions;
using CsCheck;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// Generates requests to one operation, each its valid request (<see cref="OperationSpec"/>) with exactly one thing
/// broken: the caller, the method, a path segment, a query value, the content type, the body as a whole, or one field
/// of it (wrong type, null, missing, unknown, repeated, or outside its rule).
/// </summary>
public sealed partial class RequestGenerator(ApiOperation operation, OperationSpec spec, ApiCallers callers)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private Expectation Refused => spec.Access == Access.View ? Expectation.Survives : Expectation.Refused;

    /// <summary>Every kind of broken request that applies to this operation, weighted.</summary>
    public Gen<ApiRequest> Requests(IReadOnlyList<ApiOperation> all) => Gen.Frequency<ApiRequest>([.. Kinds(all)]);

    /// <summary>
    /// What every run sends whatever its size: each kind of broken request once (its details drawn at random), and
    /// each listed invalid value of each rule of the operation's fields and query parameters.
    /// </summary>
    public IEnumerable<Gen<ApiRequest>> Systematic(IReadOnlyList<ApiOperation> all)
    {
        foreach (var (_, kind) in Kinds(all))
        {
            yield return (Gen<ApiRequest>)kind;
        }
        if (spec.Json is not null && operation.Body is { } schema)
        {
            foreach (var slot in BodySlot.Of(spec.Json(), schema).Where(s => spec.Fields.ContainsKey(s.RulePath)).DistinctBy(s => s.RulePath))
            {
                var rule = spec.Fields[slot.RulePath];
                foreach (var value in rule.Listed)
                {
                    yield return Gen.Const(Field($"{slot} = {Shown.Text(value.Json, 60)} ({rule})", slot.With(spec.Json!(), value)));
                }
            }
        }
        foreach (var (name, rule) in spec.Queries)
        {
            foreach (var value in rule.Listed)
            {
                yield return Gen.Const(InvalidQuery(name, rule, value));
            }
        }
    }

    private List<(int, IGen<ApiRequest>)> Kinds(IReadOnlyList<ApiOperation> all)
    {
        var kinds = new List<(int, IGen<ApiRequest>)> { (3, WrongCaller()) };
        if (WrongMethod(all) is { } method)
        {
            kinds.Add((2, method));
        }
        if (operation.InPath.Any())
        {
            kinds.Add((5, HostilePath()));
        }
        if (operation.InQuery.Any())
        {
            kinds.Add((6, HostileQuery()));
        }
        if (spec.Json is not null && operation.Body is { } schema)
        {
            kinds.Add((2, WrongContentType()));
            kinds.Add((4, BrokenBody()));
            kinds.AddRange(FieldDefects(schema));
        }
        else if (spec.Csv is not null)
        {
            kinds.Add((3, GarbageInsteadOfCsv()));
        }
        return kinds;
    }

    /// <summary>The valid request itself, sent as <paramref name="caller"/>.</summary>
    public ApiRequest Valid(ApiCaller caller) => Request("none", caller, operation.Method, PathWith(), Body(), ContentType(), Expectation.Survives);

    private string PathWith(string? name = null, string? rawSegment = null, (string Name, string Raw)? query = null)
    {
        var path = Parameter().Replace(operation.Path, m => m.Groups[1].Value == name ? rawSegment!
            : Uri.EscapeDataString(spec.Path.TryGetValue(m.Groups[1].Value, out var value) ? value : "x"));
        var values = spec.Query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}").ToList();
        if (query is { } changed)
        {
            values.RemoveAll(v => v.StartsWith(changed.Name + "=", StringComparison.Ordinal));
            values.Add($"{changed.Name}={changed.Raw}");
        }
        return values.Count == 0 ? path : $"{path}?{string.Join('&', values)}";
    }

    private byte[]? Body() => spec.Json is { } json ? ApiRequest.Utf8(json().ToJsonString()) : spec.Csv is { } csv ? ApiRequest.Utf8(csv) : null;

    private string? ContentType() => spec.Json is not null ? "application/json" : spec.Csv is not null ? "text/csv" : null;

    private ApiRequest Request(string defect, ApiCaller caller, string method, string path, byte[]? body, string? contentType, Expectation expect) =>
        new(operation.Key, defect, caller, method, path, body, contentType, expect);

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Parameter();
}
