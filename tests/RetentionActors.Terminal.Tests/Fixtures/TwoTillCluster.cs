using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Program;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Tests.Shared;
using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>
/// Two silo processes on PostgreSQL and two tills of one store (t1, t2), each with a credential of its own and a real
/// connection to both gateways; till t1's connection can be cut (<see cref="SwitchableGrainAccess"/>). For offline redemption.
/// </summary>
public sealed class TwoTillCluster : IAsyncDisposable
{
    private readonly OwnedProcesses _owned;

    private TwoTillCluster(OwnedProcesses owned, SiloClient insider, SwitchableGrainAccess tillOneAccess,
        (LoyaltyDesk, PurchaseOutbox, OutboxReplayer) tillOne, (LoyaltyDesk, PurchaseOutbox, OutboxReplayer) tillTwo)
    {
        (_owned, Insider, TillOneAccess) = (owned, insider, tillOneAccess);
        (TillOne, TillOneOutbox, TillOneReplayer) = tillOne;
        (TillTwo, _, _) = tillTwo;
    }

    /// <summary>A client inside the cluster (no credential needed), playing the back office.</summary>
    public SiloClient Insider { get; }

    public SwitchableGrainAccess TillOneAccess { get; }
    public LoyaltyDesk TillOne { get; }
    public PurchaseOutbox TillOneOutbox { get; }
    public OutboxReplayer TillOneReplayer { get; }
    public LoyaltyDesk TillTwo { get; }

    public static async Task<TwoTillCluster> OpenAsync(ProgramSettings program, CancellationToken cancellation)
    {
        var owned = new OwnedProcesses("retention-offline-");
        try
        {
            return await OpenAsync(owned, program, cancellation);
        }
        catch
        {
            await owned.DisposeAsync();
            throw;
        }
    }

    private static async Task<TwoTillCluster> OpenAsync(OwnedProcesses owned, ProgramSettings program, CancellationToken cancellation)
    {
        var database = await PostgresTestDatabase.CreateAsync();
        owned.Add(database);
        SiloPorts[] ports = [SiloPorts.Free(), SiloPorts.Free()];
        foreach (var port in ports)
        {
            owned.Add(await SiloProcess.StartAsync(owned.DataFolder, port, "--postgres", database.ConnectionString));
        }
        var insider = await SiloClient.ConnectAsClusterAsync(ClusterSecrets.FromPostgres(database.ConnectionString), ports[0].Gateway, ports[1].Gateway);
        owned.Add(insider);
        await insider.Grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).UpdateAsync(program, "test-operator");

        var loggers = LoggerFactory.Create(logging => logging.AddFilter("Orleans", LogLevel.Warning));
        owned.Add(() =>
        {
            loggers.Dispose();
            return ValueTask.CompletedTask;
        });
        var one = await ClusterTills.ConnectAsync(owned, database, ports, "t1", TimeSpan.FromSeconds(5), loggers, cancellation);
        var two = await ClusterTills.ConnectAsync(owned, database, ports, "t2", TimeSpan.FromSeconds(5), loggers, cancellation);
        var tillOneAccess = new SwitchableGrainAccess(one.Grains) { Up = true };
        return new TwoTillCluster(owned, insider, tillOneAccess,
            Desks.Create(tillOneAccess, store: "s1", terminal: "t1", loggers: loggers), Desks.Create(two, store: "s1", terminal: "t2", loggers: loggers));
    }

    /// <summary>A customer enrolled with a card, holding <paramref name="points"/> from a purchase booked by the back office.</summary>
    public async Task<(string CustomerId, CardId Card)> CustomerWithPointsAsync(string customerId, string card, long points)
    {
        await Insider.Grains.GetGrain<ICustomerGrain>(customerId).EnrollAsync(new CustomerProfile("Offline Olive"));
        await Insider.Grains.GetGrain<ILoyaltyCardGrain>(card).LinkAsync(customerId);
        var earned = await Insider.Grains.GetGrain<ICustomerGrain>(customerId)
            .EarnAsync(new Contracts.Ledger.Purchase("s0", "office", "seed-1", DateTimeOffset.UtcNow, points), CardId.Parse(card));
        Assert.True(earned.IsAccepted, earned.Declined?.Message);
        return (customerId, CardId.Parse(card));
    }

    public ValueTask DisposeAsync() => _owned.DisposeAsync();
}
