using System.Text.Json.Nodes;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// What the generator knows of one operation beyond its OpenAPI types: a request it accepts as it is (path values,
/// query, body; <see cref="AcceptedAs"/> says for whom, checked at the end of the run), and the rules of the fields
/// whose types alone do not say what is invalid. Every generated request is this one with one thing broken.
/// </summary>
public sealed record OperationSpec(string Key, Access Access)
{
    public IReadOnlyDictionary<string, string> Path { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>A JSON body the operation accepts (a new copy each time: generated requests change it).</summary>
    public Func<JsonNode>? Json { get; init; }

    /// <summary>A non-JSON body the operation accepts (the CSV import), sent as text/csv.</summary>
    public string? Csv { get; init; }

    /// <summary>Rules by body path: <c>value</c>, <c>tiers[].name</c> (each item), <c>categoryMultipliers{}</c> (each value).</summary>
    public IReadOnlyDictionary<string, ValueRule> Fields { get; init; } = new Dictionary<string, ValueRule>();

    /// <summary>Rules of query parameters, by name.</summary>
    public IReadOnlyDictionary<string, ValueRule> Queries { get; init; } = new Dictionary<string, ValueRule>();

    /// <summary>Whether a path value that names nothing (or is malformed) must be refused; false where an odd name may be answered.</summary>
    public bool HostilePathsRefused { get; init; } = true;

    /// <summary>Who the request above is accepted for (checked at the end of the run); null when it is not (see <see cref="NotAcceptedBecause"/>).</summary>
    public string? AcceptedAs { get; init; }

    public string? NotAcceptedBecause { get; init; }

    public override string ToString() => Key;
}
