namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>The callers a generated run sends as: admin (most requests, to reach validation), an analyst, an approver, nobody, forgers.</summary>
public sealed record ApiCallers(ApiCaller Admin, ApiCaller Analyst, ApiCaller Approver)
{
    /// <summary>Authorization headers no silo accepts: made-up tokens, other schemes, a token far too long.</summary>
    public static readonly IReadOnlyList<ApiCaller> Forged =
    [
        new("a made-up bearer token", "Bearer fz-not-a-token-0123456789"),
        new("an empty bearer token", "Bearer "),
        new("a basic credential", "Basic YWRtaW46YWRtaW4="),
        new("a 10 KB bearer token", "Bearer " + new string('t', 10_000)),
        new("a bearer token of markup", "Bearer <script>alert(1)</script>"),
        new("a session id of another format", "Bearer 00000000-0000-0000-0000-000000000000"),
    ];

    public ApiCaller Named(string name) => name switch
    {
        "admin" => Admin,
        "analyst" => Analyst,
        "approver" => Approver,
        _ => throw new ArgumentException($"No caller named {name}.", nameof(name)),
    };
}
