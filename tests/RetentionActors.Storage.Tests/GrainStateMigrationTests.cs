using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Grains;
using RetentionActors.Grains.Campaigns;
using RetentionActors.Grains.Cards;
using RetentionActors.Grains.Coupons;
using RetentionActors.Grains.Customers;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// A cluster database whose card, coupon, campaign and referral-code state the Orleans ADO.NET provider wrote (in
/// orleansstorage), upgraded: the state reads back through our storage, with its ETag, under every kind of key the
/// provider splits differently (plain text, text that reads as a hexadecimal number, text that reads as a Guid).
/// </summary>
public sealed class GrainStateMigrationTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task State_the_ADO_NET_provider_wrote_reads_back_through_our_storage_after_the_upgrade()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        PostgresDatabase.Migrate(server.ConnectionString, 8); // the schema the ADO.NET provider wrote to
        var provider = await AdoNetProviderAsync(server.ConnectionString);
        var card = GrainId.Create("card", "nfc:04A1B2C3D4E5F6");
        var textCoupon = GrainId.Create("coupon", "CDSRB726FH5X");
        var hexCoupon = GrainId.Create("coupon", "CABCDEF23456");
        var hexCampaign = GrainId.Create("campaign", "2026");
        var guidCampaign = GrainId.Create("campaign", "0123456789abcdef0123456789abcdef");
        var referral = GrainId.Create("referral-code", "RABCDEFGH");
        var cleared = GrainId.Create("coupon", "CCLEARED2345");
        var written = new CardState { Status = CardStatus.Blocked, CustomerId = "c-1", BlockReason = "lost", ChangedAt = At };
        await WriteAsync(provider, "card", card, written, times: 2);
        await WriteAsync(provider, "coupon", textCoupon, new CouponState { Coupon = Coupon("CDSRB726FH5X") });
        await WriteAsync(provider, "coupon", hexCoupon, new CouponState { Coupon = Coupon("CABCDEF23456") });
        await WriteAsync(provider, "campaign", hexCampaign, new OlderCampaignState { Given = 30, Grants = { ["c-1/s1/t1/2026-03-01/1"] = 30 } });
        await WriteAsync(provider, "campaign", guidCampaign, new OlderCampaignState { Given = 7 });
        await WriteAsync(provider, "referral", referral, new ReferralCodeState { CustomerId = "c-1" });
        var gone = await WriteAsync(provider, "coupon", cleared, new CouponState { Coupon = Coupon("CCLEARED2345") });
        await provider.ClearStateAsync("coupon", cleared, gone);

        // The provider did split the keys: two read as numbers, one as a Guid.
        Assert.Equal(2, await CountAsync(server.ConnectionString, "SELECT count(*) FROM orleansstorage WHERE grainidn0 = 0 AND grainidn1 <> 0"));
        Assert.Equal(1, await CountAsync(server.ConnectionString, "SELECT count(*) FROM orleansstorage WHERE grainidn0 <> 0"));

        var version = PostgresDatabase.Migrate(server.ConnectionString);
        await using var database = new PostgresDatabase(server.ConnectionString);
        var ours = new SqlGrainStorage(database);

        var cardState = await ReadAsync<CardState>(ours, "card", card);
        Assert.Equal(("2", CardStatus.Blocked, "c-1", "lost", At), (cardState.ETag, cardState.State.Status, cardState.State.CustomerId, cardState.State.BlockReason, cardState.State.ChangedAt));
        Assert.Equal(Coupon("CDSRB726FH5X"), (await ReadAsync<CouponState>(ours, "coupon", textCoupon)).State.Coupon);
        Assert.Equal(Coupon("CABCDEF23456"), (await ReadAsync<CouponState>(ours, "coupon", hexCoupon)).State.Coupon);
        // A campaign's grants moved on to rows of their own (a later step), its counters stayed in its state.
        var campaigns = new SqlCampaignStore(database);
        Assert.Equal(new CampaignCounters(30, 0), (await campaigns.LoadAsync("2026", Ct)).Counters);
        Assert.Equal(30, await campaigns.FindAsync("2026", CampaignEntryKind.Grant, "c-1/s1/t1/2026-03-01/1", Ct));
        Assert.Equal(new CampaignCounters(7, 0), (await campaigns.LoadAsync("0123456789abcdef0123456789abcdef", Ct)).Counters);
        Assert.Equal("c-1", (await ReadAsync<ReferralCodeState>(ours, "referral", referral)).State.CustomerId);
        Assert.False((await ReadAsync<CouponState>(ours, "coupon", cleared)).Exists);
        Assert.Equal(7, await CountAsync(server.ConnectionString, "SELECT count(*) FROM orleansstorage"));
        Assert.Equal(6, await CountAsync(server.ConnectionString, "SELECT count(*) FROM grain_state"));
        Assert.Equal(version, PostgresDatabase.Migrate(server.ConnectionString));

        // The ETag carries on: the next write follows the provider's version, and a stale one is refused.
        var next = new GrainState<CardState>(cardState.State) { ETag = cardState.ETag, RecordExists = true };
        await ours.WriteStateAsync("card", card, next);
        Assert.Equal("3", next.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => ours.WriteStateAsync("card", card, new GrainState<CardState>(written) { ETag = "2" }));
    }

    private static CouponInfo Coupon(string code) => new(code, CouponKind.FixedDiscount, "Five off", 5m, "c-1", "partner", At, At.AddDays(30));

    /// <summary>The provider as a cluster silo ran it: our JSON serializer, service id "retention", started by the silo's lifecycle.</summary>
    private static async Task<AdoNetGrainStorage> AdoNetProviderAsync(string connectionString)
    {
        var services = ((IServiceCollection)new ServiceCollection()).AddSerializer().BuildServiceProvider();
        var provider = new AdoNetGrainStorage(
            services.GetRequiredService<IActivatorProvider>(),
            NullLogger<AdoNetGrainStorage>.Instance,
            Options.Create(new AdoNetGrainStorageOptions
            {
                Invariant = "Npgsql",
                ConnectionString = connectionString,
                GrainStorageSerializer = new RetentionActors.Storage.Postgres.JsonGrainStorageSerializer(),
            }),
            Options.Create(new ClusterOptions { ClusterId = "retention", ServiceId = "retention" }),
            StorageNames.Loyalty);
        var lifecycle = new StartingLifecycle();
        provider.Participate(lifecycle);
        await lifecycle.StartAsync();
        return provider;
    }

    private static async Task<GrainState<T>> WriteAsync<T>(IGrainStorage storage, string stateName, GrainId grain, T state, int times = 1)
    {
        var grainState = new GrainState<T>(state);
        for (var i = 0; i < times; i++)
        {
            await storage.WriteStateAsync(stateName, grain, grainState);
        }
        return grainState;
    }

    private static async Task<(T State, string? ETag, bool Exists)> ReadAsync<T>(IGrainStorage storage, string stateName, GrainId grain) where T : new()
    {
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grain, state);
        return (state.State ?? new T(), state.ETag, state.RecordExists);
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The campaign state as older builds kept it: every grant in a map.</summary>
    private sealed class OlderCampaignState
    {
        public long Given { get; set; }
        public Dictionary<string, long> Grants { get; set; } = [];
    }

    /// <summary>Just enough of a silo's lifecycle to start a provider: each observer's start, in stage order.</summary>
    private sealed class StartingLifecycle : ISiloLifecycle
    {
        private readonly List<(int Stage, ILifecycleObserver Observer)> _observers = [];

        public int HighestCompletedStage { get; private set; }

        public int LowestStoppedStage => int.MaxValue;

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            _observers.Add((stage, observer));
            return new NoUnsubscribe();
        }

        public async Task StartAsync()
        {
            foreach (var (stage, observer) in _observers.OrderBy(o => o.Stage))
            {
                await observer.OnStart(TestContext.Current.CancellationToken);
                HighestCompletedStage = stage;
            }
        }

        private sealed class NoUnsubscribe : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
