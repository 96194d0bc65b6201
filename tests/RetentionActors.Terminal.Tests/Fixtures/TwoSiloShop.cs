using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Tests.Shared;
using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>
/// Two silo processes on PostgreSQL, customers with cards, and one till built as the terminal program builds it (its
/// credential, the real connection to both gateways, the outbox): what the failover tests kill or stop under the till.
/// Each sale is recorded with its answer and how long the cashier waited; the ledgers are read back at the end.
/// </summary>
public sealed class TwoSiloShop : IAsyncDisposable
{
    public const int Customers = 24;

    // Two maintenance sweep grains instead of 64: the customers are placed by hand (below), and the sweeps' activations
    // would only add to what the tests watch move between the silos.
    private static readonly Dictionary<string, string> FewSweeps = new() { ["Maintenance__Buckets"] = "2" };
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);

    private readonly OwnedProcesses _owned;
    private readonly SiloProcess[] _silos;
    private readonly SiloPorts[] _ports;
    private readonly SiloClient _insider;
    private readonly LoyaltyDesk _desk;
    private int _receipt;

    private TwoSiloShop(OwnedProcesses owned, SiloProcess[] silos, SiloPorts[] ports, SiloClient insider, CollectingLoggerProvider logs,
        (LoyaltyDesk, PurchaseOutbox, OutboxReplayer) till)
    {
        (_owned, _silos, _ports, _insider, Logs) = (owned, silos, ports, insider, logs);
        (_desk, Outbox, Replayer) = till;
    }

    public CollectingLoggerProvider Logs { get; }
    public PurchaseOutbox Outbox { get; }
    public OutboxReplayer Replayer { get; }
    public List<Sale> Sales { get; } = [];

    /// <summary>Starts it all; whatever was started is stopped again (and its folder removed) when a step fails.</summary>
    public static async Task<TwoSiloShop> OpenAsync(CancellationToken cancellation)
    {
        var owned = new OwnedProcesses("retention-failover-");
        try
        {
            return await OpenAsync(owned, cancellation);
        }
        catch
        {
            await owned.DisposeAsync();
            throw;
        }
    }

    private static async Task<TwoSiloShop> OpenAsync(OwnedProcesses owned, CancellationToken cancellation)
    {
        var database = await PostgresTestDatabase.CreateAsync();
        owned.Add(database);
        SiloPorts[] ports = [SiloPorts.Free(), SiloPorts.Free()];
        var silos = new SiloProcess[2];
        for (var silo = 0; silo < 2; silo++)
        {
            silos[silo] = await SiloProcess.StartAsync(owned.DataFolder, ports[silo], FewSweeps, "--postgres", database.ConnectionString);
            owned.Add(silos[silo]);
        }
        var secrets = ClusterSecrets.FromPostgres(database.ConnectionString);
        // Half the customers placed on each silo. Orleans places a new grain by the silos' load, and left to itself it
        // once put every grain on one silo (another run: every card on one, every customer on the other), so the
        // enrolment names the silo with Orleans' placement hint and the failover tests always have grains on both.
        var insider = await SiloClient.ConnectAsClusterAsync(secrets, ports[0].Gateway, ports[1].Gateway);
        owned.Add(insider);
        var hosts = await insider.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellation);
        for (var wait = Stopwatch.StartNew(); hosts.Count < 2 && wait.Elapsed < TimeSpan.FromSeconds(30);)
        {
            await Task.Delay(200, cancellation); // the second silo is up but not yet in the first one's view
            hosts = await insider.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellation);
        }
        for (var silo = 0; silo < 2; silo++)
        {
            var home = hosts.Keys.Single(address => address.Endpoint.Port == ports[silo].Silo);
            RequestContext.Set(IPlacementDirector.PlacementHintKey, home);
            try
            {
                for (var c = silo * Customers / 2; c < (silo + 1) * Customers / 2; c++)
                {
                    await insider.Grains.GetGrain<ICustomerGrain>(CustomerOf(c)).EnrollAsync(new CustomerProfile($"Customer {c}"));
                    await insider.Grains.GetGrain<ILoyaltyCardGrain>(CardOf(c)).LinkAsync(CustomerOf(c));
                }
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }
        }
        var logs = new CollectingLoggerProvider();
        var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs).AddFilter("Orleans", LogLevel.Warning));
        owned.Add(() =>
        {
            loggers.Dispose();
            return ValueTask.CompletedTask;
        });
        var connection = await ClusterTills.ConnectAsync(owned, database, ports, "t1", CallTimeout, loggers, cancellation);
        var shop = new TwoSiloShop(owned, silos, ports, insider, logs, Desks.Create(connection, store: "s1", terminal: "t1", loggers: loggers));
        var homes = await shop.HomesAsync();
        var misplaced = Enumerable.Range(0, Customers).Where(c => !homes[c].SetEquals([c * 2 / Customers])).ToList();
        return misplaced.Count == 0 ? shop : throw new InvalidOperationException($"customers {string.Join(", ", misplaced)} are not on the silo they were placed on");
    }

    /// <summary>Rings up a sale for <paramref name="customer"/> and records its answer and how long it took.</summary>
    public async Task<Sale> SellAsync(int customer)
    {
        var clock = Stopwatch.StartNew();
        var id = $"R{_receipt++:D5}";
        var answer = await _desk.PurchaseAsync(CardId.Parse(CardOf(customer)), id, 10m, null, TestContext.Current.CancellationToken);
        var sale = new Sale(customer, id, answer.Event, answer switch { DeclinedAnswer d => d.Message, QueuedAnswer q => q.Message, _ => null }, clock.Elapsed);
        Sales.Add(sale);
        return sale;
    }

    /// <summary>A sale to every customer in turn; true when every one was accrued.</summary>
    public async Task<List<Sale>> RoundAsync()
    {
        var round = new List<Sale>();
        for (var c = 0; c < Customers; c++)
        {
            round.Add(await SellAsync(c));
        }
        return round;
    }

    /// <summary>For each customer, the silos (0 or 1) their card grain and customer grain are active on.</summary>
    public async Task<List<HashSet<int>>> HomesAsync()
    {
        var management = _insider.Grains.GetGrain<IManagementGrain>(0);
        var homes = new List<HashSet<int>>();
        for (var c = 0; c < Customers; c++)
        {
            var card = await management.GetActivationAddress(_insider.Grains.GetGrain<ILoyaltyCardGrain>(CardOf(c)), TestContext.Current.CancellationToken);
            var customer = await management.GetActivationAddress(_insider.Grains.GetGrain<ICustomerGrain>(CustomerOf(c)), TestContext.Current.CancellationToken);
            homes.Add([.. new[] { card, customer }.Select(a => Array.FindIndex(_ports, p => a is not null && p.Silo == a.Endpoint.Port))]);
        }
        return homes;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public Task KillAsync(int silo) => _silos[silo].KillAsync();

    /// <summary>SIGTERM, as a rolling deploy stops a silo; returns its exit code once it has left.</summary>
    public Task<int> TerminateAsync(int silo) => _silos[silo].TerminateAsync();

    public string SiloOutput(int silo) => _silos[silo].Output;

    /// <summary>Sends what the till queued, then reads each customer's ledger: the receipts booked, sorted.</summary>
    public async Task<Dictionary<int, List<string>>> DrainAndReadLedgersAsync()
    {
        var drained = DateTime.UtcNow.AddSeconds(60);
        while (Outbox.Count() > 0 && DateTime.UtcNow < drained)
        {
            await Replayer.DrainAsync(null, TestContext.Current.CancellationToken);
            if (Outbox.Count() > 0)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken); // a silo still coming back: not a busy loop
            }
        }
        var ledgers = new Dictionary<int, List<string>>();
        for (var c = 0; c < Customers; c++)
        {
            var ledger = await _insider.Grains.GetGrain<ICustomerGrain>(CustomerOf(c)).GetLedgerAsync(take: 1000);
            ledgers[c] = [.. ledger.Where(e => e.ReceiptId is not null).Select(e => e.ReceiptId!).Order(StringComparer.Ordinal)];
        }
        return ledgers;
    }

    /// <summary>Each customer's ledger holds exactly the sales rung up for them: none lost, none doubled.</summary>
    public void AssertEverySaleBookedOnce(Dictionary<int, List<string>> ledgers)
    {
        Assert.Equal(0, Outbox.Count());
        Assert.Empty(Outbox.DeadLetters());
        for (var c = 0; c < Customers; c++)
        {
            var rungUp = Sales.Where(s => s.Customer == c).Select(s => s.Receipt).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(rungUp, ledgers[c]);
        }
    }

    public string TillLog => string.Join('\n', Logs.Lines);

    public ValueTask DisposeAsync() => _owned.DisposeAsync();

    private static string CustomerOf(int customer) => $"cust-{customer}";

    private static string CardOf(int customer) => $"mag:{7100000000L + customer}";

    public sealed record Sale(int Customer, string Receipt, string Event, string? Message, TimeSpan Took);
}
