using RetentionActors.Contracts.Customers;

namespace RetentionActors.Grains.Tests.Maintenance;

/// <summary>
/// Lets the first <paramref name="passing"/> customer maintenances through, then answers every later one as a database
/// that went away would (<see cref="StoreUnavailableException"/>, nothing done) until <see cref="Back"/>.
/// </summary>
public sealed class StoreAwayGate(int passing) : IIncomingGrainCallFilter
{
    private int _attempts;
    private volatile bool _back;

    /// <summary>Customer maintenances asked for while the database was away, refused ones included.</summary>
    public int AttemptsWhileAway => Volatile.Read(ref _attempts);

    public void Back() => _back = true;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (!_back && context.InterfaceMethod?.Name == nameof(ICustomerGrain.RunMaintenanceAsync) && Interlocked.Increment(ref _attempts) > passing)
        {
            throw new StoreUnavailableException();
        }
        return context.Invoke();
    }
}
