using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.TestingHost;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Maintenance;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Maintenance;
using RetentionActors.Grains.Storage;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Storage.Maintenance;
using RetentionActors.Storage.Sql;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Grains.Tests.Maintenance;

/// <summary>
/// Expiry, tier reviews and birthday bonuses are found by a few sweep grains asking the store who is due: each happens
/// once, nobody keeps a reminder of their own, and a sweep cut short by a cluster restart is finished by the next one
/// without doing anything twice.
/// </summary>
public abstract class MaintenanceSweepTests : IAsyncLifetime
{
    private const int Buckets = 4;
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    // Twelve months and a day later: lots earned at the start have expired, the tier review is past, and the bonus week
    // of a birthday on 9 March is open.
    private static readonly DateTimeOffset YearLater = Start.AddMonths(12).AddDays(1);

    private static readonly ProgramSettings Rules = TestClusters.Program with
    {
        MinimumSpend = 0m,
        PointsExpiryMonths = 12,
        Tiers = [new("Member", 0m, 1m), new("Silver", 500m, 1m)],
        TierReviewMonths = 12,
        BirthdayBonus = 300,
    };

    private readonly FakeTimeProvider _clock = new(Start);
    private StoreBackend _store = null!;

    protected abstract Task<StoreBackend> CreateStoreAsync();

    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task Expiry_tier_review_and_birthday_happen_once_for_the_due_and_never_for_the_rest()
    {
        await using var cluster = await StartAsync(silos: 2);
        var ann = await EnrollAsync(cluster, "ann", new DateOnly(1990, 3, 9), spend: 600m); // all three due a year later
        var ben = await EnrollAsync(cluster, "ben", birthday: null, spend: 0m);             // nothing, ever
        var cat = await EnrollAsync(cluster, "cat", new DateOnly(1990, 3, 20), spend: 0m);  // her week has not begun
        _clock.SetUtcNow(YearLater);

        var first = await SweepAllAsync(cluster);
        var second = await SweepAllAsync(cluster);

        Assert.Equal(new SweepResult(1, 0), first);
        Assert.Equal(new SweepResult(0, 0), second);
        var annLedger = await ann.GetLedgerAsync();
        Assert.Equal([(LedgerEntryKind.Purchase, 600L), (LedgerEntryKind.Expiry, -600L), (LedgerEntryKind.Bonus, 300L)],
            annLedger.Select(e => (e.Kind, e.Points)));
        var reviewed = (await ann.GetAsync())!;
        Assert.Equal(("Member", Start.AddMonths(24), 300L), (reviewed.Tier, reviewed.TierReviewAt, reviewed.Balance));
        Assert.Empty(await ben.GetLedgerAsync());
        Assert.Empty(await cat.GetLedgerAsync());
    }

    [Fact]
    public async Task A_customer_the_upgrade_made_due_is_checked_once_and_then_left_alone()
    {
        await using var cluster = await StartAsync(silos: 1);
        var ben = await EnrollAsync(cluster, "ben", birthday: null, spend: 0m); // nothing will ever be due: no row
        var customerId = ben.GetPrimaryKeyString();
        // What the schema step gives an existing customer: due now, whatever the customer holds.
        var database = (SqlDatabase)cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetService(typeof(SqlDatabase))!;
        await database.Writer.WriteAsync(writer => SqlMaintenanceDue.Write(writer, database, customerId, new MaintenanceDue(Start, null, null)));
        await cluster.DeactivateAsync(ben);

        var first = await SweepAllAsync(cluster);
        var second = await SweepAllAsync(cluster);

        Assert.Equal((new SweepResult(1, 0), new SweepResult(0, 0)), (first, second));
        Assert.Empty(await ben.GetLedgerAsync());
    }

    [Fact]
    public async Task Every_bucket_has_one_reminder_and_no_customer_has_one()
    {
        await using var cluster = await StartAsync(silos: 1);
        var ann = await EnrollAsync(cluster, "ann", new DateOnly(1990, 3, 9), spend: 600m);
        var table = (IReminderTable)cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetService(typeof(IReminderTable))!;

        var sweeps = await Eventually.Until(async () => await SweepRemindersAsync(table), rows => rows.Count == Buckets,
            $"a reminder for each of the {Buckets} sweep buckets", TimeSpan.FromSeconds(60));

        Assert.All(sweeps, row => Assert.Equal(TimeSpan.FromDays(1), row.Period));
        Assert.Empty((await table.ReadRows(ann.GetGrainId(), TestContext.Current.CancellationToken)).Reminders);
    }

    [Fact]
    public async Task A_sweep_cut_short_by_a_cluster_restart_is_finished_by_the_next_and_nothing_is_given_twice()
    {
        // All in one slot, so pages of three run through it: the sweep keeps no cursor, only the store says who is due.
        var ids = IdsInOneSlot(12);
        var gate = new MaintenanceGate(passing: 5, holding: 1);
        // One silo, killed: with two, killing one lets the sweep on the other go on past the held customer.
        await using (var cluster = await StartAsync(silos: 1, gate, concurrency: 1))
        {
            foreach (var id in ids)
            {
                await EnrollAsync(cluster, id, new DateOnly(1990, 3, 9), spend: 40m);
            }
            _clock.SetUtcNow(YearLater);
            var bucket = cluster.Client.GetGrain<IMaintenanceSweepGrain>(0);

            var cutShort = bucket.SweepAsync();
            await gate.Holding.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            await cluster.KillSiloAsync(cluster.Silos[0], TestContext.Current.CancellationToken);
            // The held maintenances stay held: in this process a killed silo's grains could otherwise run on, as no
            // dead silo does. The sweep's caller learns nothing from a dead cluster; what counts is what the store holds.
            _ = cutShort.ContinueWith(t => t.Exception, TaskScheduler.Default);
        }
        var doneBeforeRestart = gate.Done;
        Assert.Equal(6, doneBeforeRestart); // five answered, one done but held when the silos died, six never reached

        await using (var cluster = await StartAsync(silos: 1))
        {
            var bucket = cluster.Client.GetGrain<IMaintenanceSweepGrain>(0);

            var next = await bucket.SweepAsync();
            var after = await bucket.SweepAsync();

            Assert.Equal(new SweepResult(ids.Count - doneBeforeRestart, 0), next);
            Assert.Equal(new SweepResult(0, 0), after);
            await AssertExpiredAndBirthdayOnceAsync(cluster, ids);
        }
    }

    [Fact]
    public async Task A_sweep_that_finds_the_database_away_stops_with_one_warning_and_the_next_does_the_rest_once()
    {
        var ids = IdsInOneSlot(12);
        var away = new StoreAwayGate(passing: 5);
        var log = new SweepLog();
        await using var cluster = await StartAsync(silos: 1, away, concurrency: 1, log);
        foreach (var id in ids)
        {
            await EnrollAsync(cluster, id, new DateOnly(1990, 3, 9), spend: 40m);
        }
        _clock.SetUtcNow(YearLater);
        var bucket = cluster.Client.GetGrain<IMaintenanceSweepGrain>(0);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => bucket.SweepAsync());
        var attemptsWhileAway = away.AttemptsWhileAway;
        var loggedWhileAway = log.Lines.ToArray();
        away.Back();
        var next = await bucket.SweepAsync();
        var after = await bucket.SweepAsync();

        // Five done, the sixth refused, and nobody after it asked: each would only have failed the same way.
        Assert.Equal(6, attemptsWhileAway);
        var warning = Assert.Single(loggedWhileAway);
        Assert.Equal((LogLevel.Warning, false), (warning.Level, warning.WithException));
        Assert.Contains("database is unavailable", warning.Message, StringComparison.Ordinal);
        Assert.Equal(new SweepResult(ids.Count - 5, 0), next);
        Assert.Equal(new SweepResult(0, 0), after);
        await AssertExpiredAndBirthdayOnceAsync(cluster, ids);
    }

    [Fact]
    public async Task A_sweep_that_cannot_read_who_is_due_says_so_in_one_warning_without_a_stack_trace()
    {
        var log = new SweepLog();
        await using var cluster = await StartAsync(silos: 1, log: log, dueStore: new AwayDueStore());

        await Assert.ThrowsAsync<StoreUnavailableException>(() => cluster.Client.GetGrain<IMaintenanceSweepGrain>(0).SweepAsync());

        var warning = Assert.Single(log.Lines);
        Assert.Equal((LogLevel.Warning, false), (warning.Level, warning.WithException));
        Assert.Contains("stopped after 0 customers: the loyalty database is unavailable", warning.Message, StringComparison.Ordinal);
    }

    private async Task<InProcessTestCluster> StartAsync(
        short silos, IIncomingGrainCallFilter? gate = null, int concurrency = 2, SweepLog? log = null, IMaintenanceDueStore? dueStore = null)
    {
        var cluster = await TestClusters.StartAsync(silo =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(GrainServices.ClockKey, _clock);
            silo.Services.Configure<MaintenanceSweepOptions>(o => (o.Buckets, o.Period, o.PageSize, o.Concurrency) = (Buckets, TimeSpan.FromDays(1), 3, concurrency));
            if (gate is not null)
            {
                silo.Services.AddSingleton<IIncomingGrainCallFilter>(gate);
            }
            if (log is not null)
            {
                silo.Services.AddLogging(logging => logging.AddProvider(log));
            }
            _store.Configure(silo);
            if (dueStore is not null)
            {
                silo.Services.AddSingleton(dueStore);
            }
        }, silos);
        await cluster.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).UpdateAsync(Rules, "op-maintenance");
        return cluster;
    }

    private async Task<ICustomerGrain> EnrollAsync(InProcessTestCluster cluster, string id, DateOnly? birthday, decimal spend)
    {
        var customerId = id.Length > 20 ? id : Shop.NewId(id);
        var customer = cluster.Client.GetGrain<ICustomerGrain>(customerId);
        var enrolled = await customer.EnrollAsync(new CustomerProfile($"Due {id}", Birthday: birthday));
        Assert.True(enrolled.IsAccepted, enrolled.Declined?.Message);
        if (spend > 0)
        {
            var cardId = Shop.NewCardId();
            Assert.True((await cluster.Client.GetGrain<Contracts.Cards.ILoyaltyCardGrain>(cardId).LinkAsync(customerId)).IsAccepted);
            var earned = await cluster.Client.GetGrain<Contracts.Cards.ILoyaltyCardGrain>(cardId)
                .EarnAsync(new Purchase("store-1", "till-1", Shop.NewId("r"), _clock.GetUtcNow(), spend));
            Assert.True(earned.IsAccepted, earned.Declined?.Message);
        }
        return customer;
    }

    // Each customer's 40 points expired once and their birthday bonus was given once: nothing missed, nothing twice.
    private static async Task AssertExpiredAndBirthdayOnceAsync(InProcessTestCluster cluster, IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            var ledger = await cluster.Client.GetGrain<ICustomerGrain>(id).GetLedgerAsync();
            Assert.Equal([(LedgerEntryKind.Purchase, 40L), (LedgerEntryKind.Expiry, -40L), (LedgerEntryKind.Bonus, 300L)],
                ledger.Select(e => (e.Kind, e.Points)));
        }
    }

    private static async Task<SweepResult> SweepAllAsync(InProcessTestCluster cluster)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, Buckets).Select(b => cluster.Client.GetGrain<IMaintenanceSweepGrain>(b).SweepAsync()));
        return new SweepResult(results.Sum(r => r.Maintained), results.Sum(r => r.Failed));
    }

    private static async Task<List<ReminderEntry>> SweepRemindersAsync(IReminderTable table)
    {
        var rows = new List<ReminderEntry>();
        for (var bucket = 0; bucket < Buckets + 1; bucket++)
        {
            rows.AddRange((await table.ReadRows(GrainId.Create("maintenance-sweep", bucket.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Reminders);
        }
        return rows;
    }

    private static List<string> IdsInOneSlot(int count)
    {
        var ids = new List<string>();
        while (ids.Count < count)
        {
            var id = $"slot-{Guid.NewGuid():N}";
            if (MaintenanceSlots.Of(id) == 7)
            {
                ids.Add(id);
            }
        }
        return ids;
    }
}

public sealed class MaintenanceSweepOnSqlite : MaintenanceSweepTests
{
    protected override Task<StoreBackend> CreateStoreAsync() => Task.FromResult<StoreBackend>(new StoreBackend.Sqlite());
}

public sealed class MaintenanceSweepOnPostgres : MaintenanceSweepTests
{
    protected override async Task<StoreBackend> CreateStoreAsync() => await StoreBackend.Postgres.CreateAsync();
}
