namespace RetentionActors.Contracts.Security;

/// <summary>
/// The <c>RequestContext</c> entries a call carries to say who makes it. Terminals set only
/// <see cref="Credential"/>; the silo verifies it on every call and trusts nothing else a client sends.
/// </summary>
public static class CallContextKeys
{
    /// <summary>A terminal's credential: a token signed by the cluster (see docs/security.md).</summary>
    public const string Credential = "ra-credential";
}
