using Microsoft.Extensions.Time.Testing;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Outbox;

/// <summary>
/// A sale that fails with an error nobody expected (a bug, a corrupt answer) is retried with backoff, later sales of its
/// card wait behind it, other cards' go on, and after the last attempt it is set aside as a dead letter so the rest drains.
/// </summary>
public sealed class UnexpectedErrorTests
{
    private static readonly CardId Ann = CardId.Parse("mag:6012345678901");
    private static readonly CardId Bob = CardId.Parse("mag:6012345678902");
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_failing_sale_is_retried_with_doubling_backoff_then_set_aside_while_the_rest_drains_in_order_per_card()
    {
        var clock = new FakeTimeProvider(Start);
        var silo = new ScriptedSilo { Earn = (_, sale) => sale.ReceiptId == "a-1" ? throw new InvalidOperationException("Sequence contains no elements") : new AccrualResult(1, 1, []) };
        var path = Desks.NewOutboxPath();
        var (desk, outbox, replayer) = Desks.Create(silo, path, tillClock: clock);
        var sales = new[] { (Ann, "a-1"), (Bob, "b-1"), (Ann, "a-2"), (Bob, "b-2") };

        var answers = new List<DeskAnswer>();
        foreach (var (card, receipt) in sales)
        {
            answers.Add(await desk.PurchaseAsync(card, receipt, 10m, null, TestContext.Current.CancellationToken));
        }
        var retryAts = new List<TimeSpan>();
        var waitingBehind = new List<string>();
        for (var attempt = 2; attempt <= OutboxRetryPolicy.Default.MaxAttempts; attempt++)
        {
            var head = outbox.Pending()[0];
            retryAts.Add(head.RetryAt!.Value - clock.GetUtcNow());
            clock.Advance(head.RetryAt.Value - clock.GetUtcNow() - TimeSpan.FromMilliseconds(1));
            await replayer.DrainAsync(null, TestContext.Current.CancellationToken); // a moment too early: nothing is sent
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await replayer.DrainAsync(null, TestContext.Current.CancellationToken);
            waitingBehind.Add(string.Join(",", outbox.Pending().Select(p => p.Purchase.ReceiptId)));
        }

        Assert.Equal((AnswerEvents.Queued, AnswerEvents.Accrued, AnswerEvents.Queued, AnswerEvents.Accrued), (answers[0].Event, answers[1].Event, answers[2].Event, answers[3].Event));
        Assert.Contains("the silo failed on this purchase", answers[0].Line().Message, StringComparison.Ordinal);
        Assert.Contains("an earlier purchase on this card failed", answers[2].Line().Message, StringComparison.Ordinal);
        Assert.Equal([1, 2, 4, 8, 16, 32, 60], retryAts.Select(t => t.TotalSeconds));
        Assert.All(waitingBehind[..^1], w => Assert.Equal("a-1,a-2", w));
        Assert.Equal("", waitingBehind[^1]);
        var setAside = Assert.Single(outbox.DeadLetters());
        Assert.Equal(("a-1", "error", 8), (setAside.Purchase.ReceiptId, setAside.ReasonCode, setAside.Attempts));
        Assert.StartsWith("error: InvalidOperationException: Sequence contains no elements", setAside.Message, StringComparison.Ordinal);
        var annCalls = silo.Calls.Where(c => c.Card == Ann.ToString()).Select(c => c.Receipt).ToList();
        Assert.Equal([.. Enumerable.Repeat("a-1", 8), "a-2"], annCalls); // Ann's second sale only after her first was set aside
        Assert.Equal(["b-1", "b-2"], silo.Calls.Where(c => c.Card == Bob.ToString()).Select(c => c.Receipt));
        AssertNothingLostOrDoubled(sales.Select(s => s.Item2), silo, outbox);
    }

    [Fact]
    public async Task The_attempts_and_the_next_retry_survive_a_terminal_restart()
    {
        var clock = new FakeTimeProvider(Start);
        var failing = true;
        var silo = new ScriptedSilo { Earn = (_, _) => failing ? throw new FormatException("garbled answer") : new AccrualResult(1, 1, []) };
        var path = Desks.NewOutboxPath();
        var (desk, _, _) = Desks.Create(silo, path, tillClock: clock);
        await desk.PurchaseAsync(Ann, "a-1", 10m, null, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(1));
        var (_, _, replayer) = Desks.Create(silo, path, tillClock: clock);
        await replayer.DrainAsync(null, TestContext.Current.CancellationToken);

        var (_, reopened, restarted) = Desks.Create(silo, path, tillClock: clock);
        var kept = Assert.Single(reopened.Pending());
        failing = false;
        await restarted.DrainAsync(null, TestContext.Current.CancellationToken); // before the retry time: waits
        var stillKept = reopened.Count();
        clock.Advance(TimeSpan.FromSeconds(2));
        await restarted.DrainAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal((2, Start.AddSeconds(3)), (kept.Attempts, kept.RetryAt));
        Assert.Equal(1, stillKept);
        Assert.Equal(0, reopened.Count());
        Assert.Empty(reopened.DeadLetters());
        AssertNothingLostOrDoubled(["a-1"], silo, reopened);
    }

    // lost = sales neither booked nor kept as a dead letter; doubled = sales booked more than once.
    private static void AssertNothingLostOrDoubled(IEnumerable<string> sales, ScriptedSilo silo, PurchaseOutbox outbox)
    {
        var kept = outbox.DeadLetters().Select(l => l.Purchase.ReceiptId).Concat(outbox.Pending().Select(p => p.Purchase.ReceiptId)).ToHashSet();
        var lost = sales.Count(s => !silo.Booked.ContainsKey(s) && !kept.Contains(s));
        var doubled = silo.Booked.Count(b => b.Value > 1);
        Assert.Equal((0, 0), (lost, doubled));
    }
}
