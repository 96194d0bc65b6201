namespace RetentionActors.Contracts.Security;

/// <summary>
/// Terminals holding one of <see cref="Roles"/> may call this grain method through the gateway. A method
/// without it may be called only from inside the cluster (other grains, the back office). The silo
/// enforces this on every call, before the grain runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class AllowTerminalsAttribute(params TerminalRole[] roles) : Attribute
{
    public IReadOnlyList<TerminalRole> Roles { get; } = roles;
}
