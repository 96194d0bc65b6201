using System.Reflection;
using RetentionActors.Contracts;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>
/// A silo that is connected but whose database is away: while <see cref="Down"/>, every grain call fails with
/// <see cref="StoreUnavailableException"/> (as it arrives from a silo, or wrapped in an Orleans exception as a failed
/// activation can deliver it). Counts how often the terminal wrongly reports the connection as lost.
/// </summary>
public sealed class StoreDownGrainAccess(IGrainFactory grains, bool wrapped) : IGrainAccess
{
    private readonly IGrainFactory _failing = FailingProxy.Create<IGrainFactory>(
        wrapped ? new OrleansException("Failed to activate grain.", new StoreUnavailableException()) : new StoreUnavailableException());

    public bool Down { get; set; }

    public int Failures { get; private set; }

    public IGrainFactory Grains => Down ? _failing : grains;

    public void ReportUnreachable(Exception failure) => Failures++;
}

/// <summary>Any interface whose task-returning methods fail with one exception; methods returning interfaces (GetGrain) return such proxies.</summary>
public class FailingProxy : DispatchProxy
{
    private static readonly MethodInfo FromException = typeof(Task).GetMethods()
        .Single(m => m is { Name: nameof(Task.FromException), IsGenericMethodDefinition: true });

    private Exception _failure = null!;

    public static T Create<T>(Exception failure) => (T)Create(typeof(T), failure);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var returns = targetMethod!.ReturnType;
        return returns == typeof(Task) ? Task.FromException(_failure)
            : returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>) ? FromException.MakeGenericMethod(returns.GetGenericArguments()).Invoke(null, [_failure])
            : returns.IsInterface ? Create(returns, _failure)
            : throw new NotSupportedException($"{targetMethod.Name} is not a call this fake serves.");
    }

    private static object Create(Type type, Exception failure)
    {
        var proxy = (FailingProxy)Create(type, typeof(FailingProxy));
        proxy._failure = failure;
        return proxy;
    }
}
