using Npgsql;
using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// The database cuts the store's connections (an idle-session kill, a failover, a restart): only the write in
/// flight fails, retryably, and the same store goes on without being rebuilt. Each test has a database of its own,
/// as it kills every connection to it.
/// </summary>
public sealed class PostgresConnectionFaultTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_killed_write_connection_fails_only_the_write_in_flight_and_the_next_writes_succeed()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        await using var database = new PostgresDatabase(server.ConnectionString);
        ICustomerStore store = new SqlCustomerStore(database);
        var id = NewCustomer();
        await store.CommitAsync(Enrollment(id), TestContext.Current.CancellationToken);

        Assert.True(await PostgresBackends.KillAllAsync(server.ConnectionString) > 0);
        var inFlight = await Record.ExceptionAsync(() => store.CommitAsync(Purchase(id, 1, 10), TestContext.Current.CancellationToken));
        var afterFailure = await store.LoadAsync(id, TestContext.Current.CancellationToken);
        await store.CommitAsync(Purchase(id, 1, 10), TestContext.Current.CancellationToken);
        await store.CommitAsync(Purchase(id, 2, 35), TestContext.Current.CancellationToken);
        var loaded = await store.LoadAsync(id, TestContext.Current.CancellationToken);

        Assert.IsType<StoreUnavailableException>(inFlight);
        Assert.Empty(afterFailure!.Entries);
        Assert.Equal([(1L, 10L), (2L, 35L)], loaded!.Entries.Select(e => (e.Seq, e.BalanceAfter)));
        Assert.Equal(["s1/r1/purchase", "s1/r2/purchase"], loaded.OperationKeys.Order());
    }

    [Fact]
    public async Task Pooled_read_connections_killed_by_the_server_are_replaced_without_failing_a_read()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        await using var database = new PostgresDatabase(server.ConnectionString);
        ICustomerStore store = new SqlCustomerStore(database);
        var id = NewCustomer();
        await store.CommitAsync(Enrollment(id), TestContext.Current.CancellationToken);
        await store.CommitAsync(Purchase(id, 1, 10), TestContext.Current.CancellationToken);
        // Several reads at once leave several idle connections in the pool.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => store.LoadAsync(id, TestContext.Current.CancellationToken)));

        Assert.True(await PostgresBackends.KillAllAsync(server.ConnectionString) > 0);
        var reads = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => store.LoadAsync(id, TestContext.Current.CancellationToken)));
        var answer = await store.ReadOperationAnswerAsync(id, "s1/r1/purchase", AnswerKind.Adjustment, TestContext.Current.CancellationToken);
        var ledger = await store.ReadLedgerAsync(id, 0, 10, TestContext.Current.CancellationToken);

        Assert.All(reads, r => Assert.Equal([10L], r!.Entries.Select(e => e.BalanceAfter)));
        Assert.Equal(TestAnswers.Points(10), answer);
        Assert.Equal([1L], ledger.Select(e => e.Seq));
    }

    [Fact]
    public async Task While_the_database_is_unreachable_writes_and_reads_fail_fast_and_writes_resume_by_themselves_when_it_is_back()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        await using var cut = new TcpCut(new NpgsqlConnectionStringBuilder(server.ConnectionString).Port);
        await using var database = new PostgresDatabase(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Port = cut.Port }.ConnectionString);
        var outages = new List<StoreOutage?>();
        database.Writer.OutageChanged += outage => { lock (outages) { outages.Add(outage); } };
        ICustomerStore store = new SqlCustomerStore(database);
        var id = NewCustomer();
        await store.CommitAsync(Enrollment(id), TestContext.Current.CancellationToken);

        cut.Cut();
        var inFlight = await Record.ExceptionAsync(() => store.CommitAsync(Purchase(id, 1, 10), TestContext.Current.CancellationToken));
        await Eventually.Until(() => database.Writer.Outage is not null, "the writer to report the outage", TimeSpan.FromSeconds(30));
        var writeDuringOutage = await Record.ExceptionAsync(() => store.CommitAsync(Purchase(id, 1, 10), TestContext.Current.CancellationToken));
        var readDuringOutage = await Record.ExceptionAsync(() => store.LoadAsync(id, TestContext.Current.CancellationToken));
        cut.Restore();
        await Eventually.Until(() => Record.ExceptionAsync(() => store.CommitAsync(Purchase(id, 1, 10), TestContext.Current.CancellationToken)).AsTask(),
            failure => failure is null, "a write to succeed once the database is reachable again", TimeSpan.FromSeconds(30));
        var loaded = await store.LoadAsync(id, TestContext.Current.CancellationToken);

        Assert.IsType<StoreUnavailableException>(inFlight);
        Assert.IsType<StoreUnavailableException>(writeDuringOutage);
        Assert.IsType<StoreUnavailableException>(readDuringOutage);
        Assert.Null(database.Writer.Outage);
        lock (outages)
        {
            Assert.Equal([true, false], outages.Select(o => o is not null));
        }
        Assert.Equal([(1L, 10L)], loaded!.Entries.Select(e => (e.Seq, e.BalanceAfter)));
        Assert.Equal(["s1/r1/purchase"], loaded.OperationKeys);
    }

    [Fact]
    public async Task Counting_ahead_while_the_database_is_unreachable_says_so_in_one_exception_and_counts_when_it_is_back()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        await using var cut = new TcpCut(new NpgsqlConnectionStringBuilder(server.ConnectionString).Port);
        await using var database = new PostgresDatabase(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Port = cut.Port }.ConnectionString);
        var figures = new RetentionActors.Storage.Analytics.SqlRetentionFigures(database);
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-4);

        cut.Cut();
        var duringOutage = await Record.ExceptionAsync(() => figures.CountAheadAsync(from, TestContext.Current.CancellationToken));
        cut.Restore();

        Assert.IsType<StoreUnavailableException>(duringOutage);
        Assert.NotNull(await figures.CountAheadAsync(from, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_idle_writer_notices_the_database_going_away_and_coming_back_without_a_write()
    {
        await using var server = await PostgresTestDatabase.CreateAsync();
        await using var cut = new TcpCut(new NpgsqlConnectionStringBuilder(server.ConnectionString).Port);
        await using var database = new PostgresDatabase(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Port = cut.Port }.ConnectionString);
        var broken = new List<Exception>();
        database.Writer.ConnectionBroken += failure => { lock (broken) { broken.Add(failure); } };

        cut.Cut();
        await Eventually.Until(() => database.Writer.Outage is not null, "the idle writer to notice that the database is gone", TimeSpan.FromSeconds(30));
        cut.Restore();
        await Eventually.Until(() => database.Writer.Outage is null, "the idle writer to reconnect", TimeSpan.FromSeconds(30));
        await new SqlCustomerStore(database).CommitAsync([Enrollment(NewCustomer())], TestContext.Current.CancellationToken);

        lock (broken)
        {
            Assert.Single(broken);
        }
    }

    private static string NewCustomer() => "fault-" + Guid.NewGuid().ToString("N");

    private static CustomerCommit Enrollment(string id) =>
        new(id, new CustomerDocument(new CustomerProfile("Fault Tester"), At, [], 1), [], null, null);

    private static CustomerCommit Purchase(string id, long seq, long balance)
    {
        var points = balance - (seq == 1 ? 0 : 10);
        var entry = new LedgerEntry
        {
            Seq = seq,
            Kind = EntryKind.Purchase,
            Points = points,
            Amount = points,
            BalanceAfter = balance,
            IdempotencyKey = $"s1/r{seq}/purchase",
            StoreId = "s1",
            TerminalId = "t1",
            ReceiptId = $"r{seq}",
            OccurredAt = At,
            RecordedAt = At,
        };
        return new CustomerCommit(id, null, [entry], entry.IdempotencyKey, TestAnswers.Points(points));
    }
}
