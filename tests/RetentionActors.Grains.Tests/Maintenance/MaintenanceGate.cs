using RetentionActors.Contracts.Customers;

namespace RetentionActors.Grains.Tests.Maintenance;

/// <summary>
/// Lets the first <paramref name="passing"/> customer maintenances through, then holds every later one after it is
/// done (durable) and before its answer goes back to the sweep, for good: the sweep is stuck mid-way.
/// </summary>
/// <param name="holding">
/// How many held maintenances complete <see cref="Holding"/>: with a sweep running one customer at a time, 1 means none is
/// in flight (a held call ends with a timeout after 30 s, and the sweep would go on).
/// </param>
public sealed class MaintenanceGate(int passing, int holding) : IIncomingGrainCallFilter
{
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _done;

    /// <summary>Completes when <c>holding</c> maintenances are held.</summary>
    public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Customer maintenances finished (held ones included).</summary>
    public int Done => Volatile.Read(ref _done);

    public async Task Invoke(IIncomingGrainCallContext context)
    {

        await context.Invoke();
        if (context.InterfaceMethod?.Name == nameof(ICustomerGrain.RunMaintenanceAsync) && Interlocked.Increment(ref _done) is var done && done > passing)
        {
            if (done >= passing + holding)
            {
                Holding.TrySetResult();
            }
            await _never.Task;
        }
    }
}
