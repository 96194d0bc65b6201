using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RetentionActors.Grains.Security;

namespace RetentionActors.Grains.Tests.Security;

/// <summary>Sums the <c>retention.calls.refused</c> counter of the given silos (and of no other silo in this process).</summary>
public sealed class RefusalCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public RefusalCounter(params IServiceProvider[] silos)
    {
        var scopes = silos.Select(s => (object)s.GetRequiredService<IMeterFactory>()).ToHashSet();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == CallerAuthorizationFilter.RefusedCounter && instrument.Meter.Scope is { } scope && scopes.Contains(scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
