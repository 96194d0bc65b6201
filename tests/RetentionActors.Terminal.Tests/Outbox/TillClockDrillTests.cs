using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.DeadLetters;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Outbox;

/// <summary>
/// Drills on a real cluster with the till's clock in the test's hands. At the end of each: lost (sales neither in the
/// ledger nor in a dead letter) and doubled (sales in the ledger more than once) are both zero.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TillClockDrillTests(ClusterFixture cluster)
{
    private const int Sales = 12;

    [Fact]
    public async Task A_till_offline_for_a_day_with_its_clock_two_days_ahead_loses_nothing_and_after_correction_books_each_sale_once()
    {
        var customers = await CustomersAsync(3);
        var realStart = DateTimeOffset.UtcNow.AddDays(-1);
        var tillClock = new FakeTimeProvider(realStart.AddDays(2));
        var silo = new SwitchableGrainAccess(cluster.Client) { Up = false };
        var till = NewTill();
        var (desk, outbox, replayer) = Desks.Create(silo, tillClock: tillClock, terminal: till);
        var reporter = Desks.Reporter(silo, desk, outbox, tillClock);
        var sales = new List<(CardId Card, string Receipt, DateTimeOffset RealTime)>();
        for (var i = 0; i < Sales; i++)
        {
            tillClock.Advance(TimeSpan.FromMinutes(90));
            var (_, card) = customers[i % customers.Count];
            var queued = await desk.PurchaseAsync(card, $"d-{i}", 10m + i, null, TestContext.Current.CancellationToken);
            Assert.Equal(AnswerEvents.Queued, queued.Event);
            sales.Add((card, $"d-{i}", tillClock.GetUtcNow().AddDays(-2)));
        }

        // A day later the silo is back; the till's clock is still two days ahead.
        tillClock.SetUtcNow(DateTimeOffset.UtcNow.AddDays(2));
        silo.Up = true;
        var replayed = new List<DeskAnswer>();
        replayer.Replayed = replayed.Add;
        await replayer.DrainAsync(null, TestContext.Current.CancellationToken);
        await reporter.SyncAsync(TestContext.Current.CancellationToken);
        var open = (await Letters().ListAsync("store-1", DeadLetterStatus.Open, 10_000, TestContext.Current.CancellationToken)).Where(l => l.TerminalId == till).ToList();

        Assert.Equal(Sales, replayed.Count);
        Assert.All(replayed, a => Assert.Equal((false, "tillClockSkew"), (a.Line().Accepted, a.Line().Reason)));
        Assert.All(replayed, a => Assert.StartsWith("the till's clock is 2 days 0 h ahead of the cluster", a.Line().Message, StringComparison.Ordinal));
        Assert.Equal((0, Sales), (outbox.Count(), outbox.DeadLetterCount()));
        Assert.Empty(await LedgerAsync(customers));
        Assert.Equal(sales.Select(s => s.Receipt).Order(), open.Select(l => l.ReceiptId).Order());
        Assert.All(open, l => Assert.InRange(l.ClockSkewMinutes!.Value, 2 * 24 * 60 - 2, 2 * 24 * 60));
        Assert.Equal((0, 0), await LostAndDoubledAsync(customers, sales.Select(s => s.Receipt), till, outbox));

        // An admin corrects each sale by the measured skew and retries it, twice; the till learns at its next poll.
        var grain = cluster.Client.GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill("store-1", till));
        var outcomes = new List<(DeadLetterOutcome First, DeadLetterOutcome Second)>();
        foreach (var letter in open)
        {
            var correction = new DeadLetterCorrection(letter.BusinessDay, letter.ReceiptId, "maria") { UndoClockSkew = true };
            outcomes.Add(((await grain.RetryAsync(correction)).Outcome, (await grain.RetryAsync(correction)).Outcome));
        }
        var removed = await reporter.SyncAsync(TestContext.Current.CancellationToken, pollNow: true);
        var ledger = await LedgerAsync(customers);

        Assert.All(outcomes, o => Assert.Equal((DeadLetterOutcome.Done, DeadLetterOutcome.AlreadyDone), o));
        Assert.Equal(Sales, removed);
        Assert.Equal((0, 0), (outbox.Count(), outbox.DeadLetterCount()));
        Assert.Equal(sales.Select(s => s.Receipt).Order(), ledger.Select(e => e.ReceiptId!).Order());
        foreach (var (card, receipt, realTime) in sales)
        {
            var entry = ledger.Single(e => e.ReceiptId == receipt);
            Assert.InRange(entry.OccurredAt, realTime.AddMinutes(-2), realTime.AddMinutes(2)); // the time the sale really happened
            Assert.Equal(card.ToString(), entry.CardId);
        }
        Assert.Equal((0, 0), await LostAndDoubledAsync(customers, sales.Select(s => s.Receipt), till, outbox));
    }

    [Fact]
    public async Task A_till_a_few_minutes_off_has_its_day_offline_booked_at_once()
    {
        var customers = await CustomersAsync(2);
        var tillClock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-1).AddMinutes(7));
        var silo = new SwitchableGrainAccess(cluster.Client) { Up = false };
        var till = NewTill();
        var (desk, outbox, replayer) = Desks.Create(silo, tillClock: tillClock, terminal: till);
        var receipts = new List<string>();
        for (var i = 0; i < Sales; i++)
        {
            tillClock.Advance(TimeSpan.FromMinutes(90));
            await desk.PurchaseAsync(customers[i % customers.Count].Card, $"m-{i}", 5m + i, null, TestContext.Current.CancellationToken);
            receipts.Add($"m-{i}");
        }

        tillClock.SetUtcNow(DateTimeOffset.UtcNow.AddMinutes(7));
        silo.Up = true;
        var replayed = new List<DeskAnswer>();
        replayer.Replayed = replayed.Add;
        await replayer.DrainAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal(Sales, replayed.Count);
        Assert.All(replayed, a => Assert.True(a.Line().Accepted, a.Line().Message));
        Assert.Equal((0, 0), (outbox.Count(), outbox.DeadLetterCount()));
        Assert.Equal(receipts.Order(), (await LedgerAsync(customers)).Select(e => e.ReceiptId!).Order());
        Assert.Equal((0, 0), await LostAndDoubledAsync(customers, receipts, till, outbox));
    }

    [Fact]
    public async Task A_sale_declined_online_is_kept_until_an_operator_dismisses_it_and_only_then_leaves_the_till()
    {
        var customers = await CustomersAsync(1);
        var silo = new FixedGrainAccess(cluster.Client);
        var till = NewTill();
        var (desk, outbox, _) = Desks.Create(silo, terminal: till);
        var reporter = Desks.Reporter(silo, desk, outbox);
        var unknownCard = ClusterFixture.NewCardId();

        var declined = await desk.PurchaseAsync(unknownCard, "u-1", 10m, null, TestContext.Current.CancellationToken);
        var booked = await desk.PurchaseAsync(customers[0].Card, "u-2", 10m, null, TestContext.Current.CancellationToken);
        await reporter.SyncAsync(TestContext.Current.CancellationToken);
        var keptWhileOpen = await reporter.SyncAsync(TestContext.Current.CancellationToken, pollNow: true);
        var letter = Assert.Single(outbox.DeadLetters());
        var dismissed = await cluster.Client.GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill("store-1", till))
            .DismissAsync(new DeadLetterDismissal(letter.Purchase.Day, "u-1", "maria", "card of another programme; customer has no account"));
        var removed = await reporter.SyncAsync(TestContext.Current.CancellationToken, pollNow: true);

        Assert.Equal((AnswerEvents.Declined, "unknownCard", 1), (declined.Event, declined.Line().Reason, declined.DeadLetters));
        Assert.Contains(OutboxReplayer.KeptAsDeadLetter, declined.Line().Message, StringComparison.Ordinal);
        Assert.Equal(AnswerEvents.Accrued, booked.Event);
        Assert.Equal(0, keptWhileOpen);
        Assert.Equal(DeadLetterOutcome.Done, dismissed.Outcome);
        Assert.Equal(1, removed);
        Assert.Equal(0, outbox.DeadLetterCount());
        Assert.Equal((0, 0), await LostAndDoubledAsync(customers, ["u-1", "u-2"], till, outbox));
    }

    [Fact]
    public async Task A_dead_letter_waits_at_the_till_while_the_cluster_cannot_hear_of_it_and_is_reported_once_it_can()
    {
        var silo = new SwitchableGrainAccess(cluster.Client) { Up = true };
        var till = NewTill();
        var (desk, outbox, _) = Desks.Create(silo, terminal: till);
        var reporter = Desks.Reporter(silo, desk, outbox);
        await desk.PurchaseAsync(ClusterFixture.NewCardId(), "w-1", 10m, null, TestContext.Current.CancellationToken);

        silo.Up = false;
        var whileDown = await reporter.SyncAsync(TestContext.Current.CancellationToken, pollNow: true);
        var unreported = Assert.Single(outbox.DeadLetters());
        silo.Up = true;
        await reporter.SyncAsync(TestContext.Current.CancellationToken);
        var reported = Assert.Single(outbox.DeadLetters());
        var inCluster = await cluster.Client.GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill("store-1", till)).GetAsync(reported.Purchase.Day, "w-1");

        Assert.Equal(0, whileDown);
        Assert.Null(unreported.ReportedAt);
        Assert.NotNull(reported.ReportedAt);
        Assert.Equal((DeadLetterStatus.Open, "unknownCard"), (inCluster!.Status, inCluster.ReasonCode));
    }

    private async Task<List<(string CustomerId, CardId Card)>> CustomersAsync(int count)
    {
        var customers = new List<(string, CardId)>();
        for (var i = 0; i < count; i++)
        {
            customers.Add(await cluster.EnrolledCardAsync($"Drill Shopper {i}"));
        }
        return customers;
    }

    private async Task<List<LedgerEntry>> LedgerAsync(IEnumerable<(string CustomerId, CardId Card)> customers)
    {
        var entries = new List<LedgerEntry>();
        foreach (var (customerId, _) in customers)
        {
            entries.AddRange(await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetLedgerAsync(take: 1000));
        }
        return entries;
    }

    // lost = sales neither in the ledger nor in a dead letter (at the till, or in the cluster: open, or dismissed by an operator);
    // doubled = sales in the ledger more than once.
    private async Task<(int Lost, int Doubled)> LostAndDoubledAsync(
        IEnumerable<(string CustomerId, CardId Card)> customers, IEnumerable<string> receipts, string till, PurchaseOutbox outbox)
    {
        var ledger = (await LedgerAsync(customers)).Where(e => e.Kind == LedgerEntryKind.Purchase && e.TerminalId == till).ToList();
        var lettered = outbox.DeadLetters().Select(l => l.Purchase.ReceiptId)
            .Concat((await Letters().ListAsync("store-1", null, 10_000, TestContext.Current.CancellationToken))
                .Where(l => l.TerminalId == till && l.Status != DeadLetterStatus.Booked).Select(l => l.ReceiptId))
            .ToHashSet();
        var lost = receipts.Count(r => !ledger.Any(e => e.ReceiptId == r) && !lettered.Contains(r));
        var doubled = ledger.GroupBy(e => (e.BusinessDay, e.ReceiptId)).Count(g => g.Count() > 1);
        return (lost, doubled);
    }

    private IDeadLetterStore Letters() => cluster.Cluster.GetSiloServiceProvider().GetRequiredService<IDeadLetterStore>();

    private static string NewTill() => $"till-{Guid.NewGuid():N}"[..16];
}
