using RetentionActors.Grains.Maintenance;

namespace RetentionActors.Grains.Tests.Maintenance;

/// <summary>The sweeps' store while the database is away: every page read answers <see cref="StoreUnavailableException"/>.</summary>
public sealed class AwayDueStore : IMaintenanceDueStore
{
    public Task<IReadOnlyList<DueCustomer>> DueAsync(DueReason reason, int slot, DateTimeOffset now, DueCustomer? after, int take, CancellationToken cancellationToken = default) =>
        Task.FromException<IReadOnlyList<DueCustomer>>(new StoreUnavailableException());

    public Task<IReadOnlyList<string>> BirthdaysAsync(int slot, int birthday, string bonusKey, string? after, int take, CancellationToken cancellationToken = default) =>
        Task.FromException<IReadOnlyList<string>>(new StoreUnavailableException());
}
