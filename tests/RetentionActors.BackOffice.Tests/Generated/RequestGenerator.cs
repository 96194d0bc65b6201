using RetentionActors.Tests.Shared.Generated;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using CsCheck;

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

    // Nobody, a forger, or (for changes) an analyst, sending the valid request: refused for who they are.
    private Gen<ApiRequest> WrongCaller()
    {
        var wrong = new List<ApiCaller>();
        if (spec.Access != Access.Anyone)
        {
            wrong.Add(ApiCaller.Anonymous);
            wrong.AddRange(ApiCallers.Forged);
        }
        if (spec.Access is Access.Change or Access.Approve)
        {
            wrong.Add(callers.Analyst);
        }
        if (spec.Access == Access.Change)
        {
            wrong.Add(callers.Approver);
        }
        if (wrong.Count == 0)
        {
            // Logging in is for anyone; a forged token on it is still a refusal when the body is broken.
            return BrokenBody();
        }
        return Gen.OneOf<ApiCaller>([.. wrong]).Select(caller => Request($"caller: {caller}", caller, operation.Method, PathWith(), Body(), ContentType(), Refused));
    }

    private Gen<ApiRequest>? WrongMethod(IReadOnlyList<ApiOperation> all)
    {
        var documented = all.Where(o => o.Path == operation.Path).Select(o => o.Method).ToHashSet();
        var others = Methods.Where(m => !documented.Contains(m)).ToArray();
        return others.Length == 0 ? null
            : Gen.OneOf<string>(others).Select(method => Request($"method {method}", callers.Admin, method, PathWith(), Body(), ContentType(), Expectation.Refused));
    }

    private Gen<ApiRequest> HostilePath() =>
        Gen.Select(Gen.OneOf<string>([.. operation.InPath.Select(p => p.Name)]), WrongValues.PathSegments, (name, segment) =>
            Request($"path {name} = {segment}", callers.Admin, operation.Method, PathWith(name, segment), Body(), ContentType(),
                spec.HostilePathsRefused ? Refused : Expectation.Survives));

    private Gen<ApiRequest> HostileQuery()
    {
        var parameters = operation.InQuery.ToList();
        var kinds = new List<IGen<ApiRequest>>();
        var numeric = parameters.Where(p => p.Schema.Kind is SchemaKind.Integer or SchemaKind.Number).ToList();
        if (numeric.Count > 0)
        {
            kinds.Add(Gen.OneOf<ApiParameter>([.. numeric]).SelectMany(p => WrongValues.QueryNumbers(p.Schema).Select(raw =>
                Request($"query {p.Name} = {raw}", callers.Admin, operation.Method, PathWith(query: (p.Name, raw)), Body(), ContentType(), Refused))));
        }
        var invalid = spec.Queries.Where(r => r.Value.Invalid is not null).ToList();
        if (invalid.Count > 0)
        {
            kinds.Add(Gen.OneOf<KeyValuePair<string, ValueRule>>([.. invalid]).SelectMany(rule => rule.Value.Invalid!.Select(value => InvalidQuery(rule.Key, rule.Value, value))));
        }
        var harmless = spec.Queries.Where(r => r.Value.Harmless is not null).ToList();
        if (harmless.Count > 0)
        {
            kinds.Add(Gen.OneOf<KeyValuePair<string, ValueRule>>([.. harmless]).SelectMany(rule => rule.Value.Harmless!.Select(value =>
                Request($"query {rule.Key} = {value.Text} (harmless for {rule.Value})", callers.Admin, operation.Method,
                    PathWith(query: (rule.Key, Uri.EscapeDataString(value.Text))), Body(), ContentType(), Expectation.Survives))));
        }
        if (operation.Method == "GET")
        {
            // Parameters the operation does not have are ignored: harmless on a read.
            kinds.Add(Gen.OneOf<string>("fz_unknown=1", "take=1&take=2", "%00=%00", "a[b]=c").Select(raw =>
                Request($"query {raw}", callers.Admin, operation.Method, PathWith() + (spec.Query.Count == 0 ? "?" : "&") + raw, Body(), ContentType(), Expectation.Survives)));
        }
        return kinds.Count == 0 ? WrongCaller() : Gen.OneOf<ApiRequest>([.. kinds]);
    }

    private ApiRequest InvalidQuery(string name, ValueRule rule, Fragment value) =>
        Request($"query {name} = {Shown.Text(value.Text, 60)} ({rule})", callers.Admin, operation.Method,
            PathWith(query: (name, Uri.EscapeDataString(value.Text))), Body(), ContentType(), Refused);

    private Gen<ApiRequest> WrongContentType() =>
        Gen.OneOf<string?>("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=fz", "text/csv",
                "application/octet-stream", null, "application/jsonx", "json")
            .Select(type => Request($"content type {type ?? "(none)"}", callers.Admin, operation.Method, PathWith(), Body(), type, Refused));

    // The request with a body the operation cannot read as JSON at all.
    private Gen<ApiRequest> BrokenBody()
    {
        var json = spec.Json!().ToJsonString();
        return Gen.Frequency<(string What, byte[] Bytes)>(
            (4, Gen.OneOf<string>("", " ", "null", "[]", "\"text\"", "42", "true", "{", "}", "{}}", "\u0000").Select(body => ($"body {body}", ApiRequest.Utf8(body)))),
            (4, Gen.Int[1, Math.Max(1, json.Length - 1)].Select(cut => ($"body cut after {cut} characters", ApiRequest.Utf8(json[..cut])))),
            (3, Gen.OneOf<string>("x", "}", ",", json, "\u0000").Select(tail => ($"body followed by {tail}", ApiRequest.Utf8(json + tail)))),
            (3, Gen.OneOf<(string, byte[])>(
                ("a comment", ApiRequest.Utf8("/* c */" + json)),
                ("a trailing comma", ApiRequest.Utf8(json[..^1] + ",}")),
                ("single quotes", ApiRequest.Utf8(json.Contains('"', StringComparison.Ordinal) ? json.Replace('"', '\'') : "{'fz':1}")),
                ("NaN", ApiRequest.Utf8("{\"fz\":NaN," + json[1..])),
                ("invalid UTF-8", [(byte)'{', 0xFF, 0xFE, .. ApiRequest.Utf8(json[1..])]),
                ("nesting 5,000 deep", ApiRequest.Utf8(new string('[', 5_000) + new string(']', 5_000))))),
            (1, Gen.Const(("a 31 MB body", ApiRequest.Utf8("{\"fz\":\"" + new string('x', 31_000_000) + "\"}")))))
            .Select(body => Request(body.What, callers.Admin, operation.Method, PathWith(), body.Bytes, "application/json", Refused));
    }

    private Gen<ApiRequest> GarbageInsteadOfCsv() =>
        Gen.OneOf<string>("", "\u0000\u0001\u0002", "{\"rows\":[]}", "<xml/>", "customer_id\n", new string(',', 1000), "\uFEFF\uFEFF")
            .Select(body => Request($"body {body}", callers.Admin, operation.Method, PathWith(), ApiRequest.Utf8(body), "text/csv", Refused));

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
