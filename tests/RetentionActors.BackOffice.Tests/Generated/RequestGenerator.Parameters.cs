using CsCheck;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>Broken callers, methods, path segments and query values.</summary>
public sealed partial class RequestGenerator
{
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
}
