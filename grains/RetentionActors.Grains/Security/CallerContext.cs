namespace RetentionActors.Grains.Security;

/// <summary>
/// Who a call is made for, as the silo established it: the back-office operator (set by the silo's own web
/// host) or the terminal whose credential was verified at the gateway. Trusted because
/// <see cref="CallerAuthorizationFilter"/> overwrites both for every call that comes from outside the cluster.
/// </summary>
public static class CallerContext
{
    public const string OperatorKey = "ra-operator";
    public const string TerminalKey = "ra-terminal";

    /// <summary>The logged-in back-office operator a call is made for, if any.</summary>
    public static string? Operator => RequestContext.Get(OperatorKey) as string;

    /// <summary>The terminal a call came from (<c>store-1/till-1 (till)</c>), if any.</summary>
    public static string? Terminal => RequestContext.Get(TerminalKey) as string;

    /// <summary>Who acted, for audit rows and logs.</summary>
    public static string Describe() => Operator ?? (Terminal is { } terminal ? $"terminal {terminal}" : "cluster");
}
