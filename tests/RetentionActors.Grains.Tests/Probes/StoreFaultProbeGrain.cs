using System.Data.Common;

namespace RetentionActors.Grains.Tests.Probes;

/// <summary>
/// Throws what storage throws when the database is away, and what it throws when it answers: an ADO.NET provider's
/// wrapped driver error, a refusal, a timeout. A key starting with <c>down-</c> fails its activation instead, as a
/// customer grain's does when its store cannot be read.
/// </summary>
public sealed class StoreFaultProbeGrain : Grain, IStoreFaultProbeGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        this.GetPrimaryKeyString().StartsWith("down-", StringComparison.Ordinal) ? throw new StoreUnavailableException() : Task.CompletedTask;

    public Task FailAsync(string kind) => throw (kind switch
    {
        "provider" => new OrleansException("Error from storage provider AdoNetGrainStorage.loyalty during WriteStateAsync", new DriverException(transient: true)),
        "refused" => new OrleansException("Error from storage provider AdoNetGrainStorage.loyalty during WriteStateAsync", new DriverException(transient: false)),
        "timeout" => new TimeoutException("The call timed out."),
        _ => new InvalidRequestException($"Unknown kind {kind}.", nameof(kind)),
    });

    /// <summary>A driver's error such as Npgsql's on a dropped socket (transient, no SQLSTATE) or on a refused statement.</summary>
    private sealed class DriverException(bool transient) : DbException(transient ? "Exception while reading from stream" : "syntax error")
    {
        public override bool IsTransient => transient;

        public override string? SqlState => transient ? null : "42601";
    }
}
