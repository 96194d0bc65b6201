namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>What a generated request must get besides "no server error, nothing changed".</summary>
public enum Expectation
{
    /// <summary>A 4xx: the request is invalid by construction (wrong type, out of range, unknown id, not allowed…).</summary>
    Refused,

    /// <summary>Any answer but a 5xx: hostile but possibly legitimate (a search for markup, a dashboard view of an odd name).</summary>
    Survives,
}
