namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>Who sends a generated request: the <c>Authorization</c> header it carries (none for anonymous).</summary>
public sealed record ApiCaller(string Name, string? Authorization)
{
    public static readonly ApiCaller Anonymous = new("anonymous", null);

    public static ApiCaller Bearer(string name, string token) => new(name, "Bearer " + token);

    public override string ToString() => Name;
}
