using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Tiers;
using RetentionActors.Grains.Customers;
using RetentionActors.Grains.Storage;
using RetentionActors.Tests.Shared;

namespace RetentionActors.Grains.Tests.Customers;

/// <summary>The customer grain's plumbing, without a cluster: when a commit carries a snapshot or due times, and the answers to refused commits.</summary>
public sealed class CustomerPlumbingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static PointsAccount AccountOf(int purchases)
    {
        var account = new PointsAccount();
        for (var i = 0; i < purchases; i++)
        {
            account.Earn(new TillReference("s1", "t1", $"R{i}", null, Now), 1m, 1, Now).Entries.ToList().ForEach(account.Apply);
        }
        return account;
    }

    [Fact]
    public void A_snapshot_goes_with_the_commit_that_takes_the_ledger_past_the_interval_and_then_not_again_until_the_next()
    {
        var schedule = new SnapshotSchedule(coveredSeq: 10);

        Assert.Null(schedule.Due(AccountOf(10 + SnapshotSchedule.After)));
        Assert.Equal(11 + SnapshotSchedule.After, schedule.Due(AccountOf(11 + SnapshotSchedule.After))!.LastSeq);
        Assert.Null(schedule.Due(AccountOf(12 + SnapshotSchedule.After)));
    }

    [Fact]
    public void A_large_account_waits_an_eighth_of_its_snapshot_before_the_next_so_a_sale_costs_the_same_as_history_grows()
    {
        // 800 purchases, none spent: 800 open lots and 800 spend points, so 1,600 / 8 = 200 entries between snapshots.
        var large = AccountOf(800);
        Assert.Equal(200, SnapshotSchedule.Interval(large));
        Assert.Equal(SnapshotSchedule.After, SnapshotSchedule.Interval(AccountOf(100)));
        Assert.Equal(SnapshotSchedule.MostAfter, SnapshotSchedule.IntervalFor(20_000));

        Assert.Null(new SnapshotSchedule(coveredSeq: 800 - 200).Due(large));
        Assert.Equal(800, new SnapshotSchedule(coveredSeq: 800 - 201).Due(large)!.LastSeq);
    }

    [Fact]
    public void Due_times_go_with_a_commit_only_when_they_changed()
    {
        var document = new CustomerDocument(new CustomerProfile("Ann", Birthday: new DateOnly(1990, 6, 8)), Now, [], 1);
        var memory = CustomerMemory.Load(new StoredCustomer(document, [], []) { Due = new MaintenanceDue(null, null, 608) });
        var reviewed = document with { Tier = new TierStanding("Gold", Now, Now.AddMonths(12)), Version = 2 };

        Assert.False(memory.DueIsStale(Now));
        Assert.Null(memory.DueChange(Now));
        memory.Apply(new CustomerCommit("c1", reviewed, [], "op-1", TestAnswers.Points(0)));
        Assert.True(memory.DueIsStale(Now));
        Assert.Equal(new MaintenanceDue(null, Now.AddMonths(12), 608), memory.DueChange(Now));
        Assert.Null(memory.DueChange(Now));
        Assert.Same(reviewed, memory.Document);
        Assert.True(memory.Operations.MayContain("op-1"));
    }

    [Fact]
    public void A_receipt_of_another_customer_declines_only_the_call_that_claimed_it_in_its_own_answer()
    {
        var refused = new ReceiptOwnedElsewhereException("s1/t1/2026-03-10/R1");

        var declined = Assert.IsType<RefundResult>(RefusedCommitAnswers.ForAnotherCustomer(refused, "s1/t1/2026-03-10/R1", RefundResult.Decline(DeclineReason.NotEnrolled, "")));

        Assert.Equal(DeclineReason.ReceiptOfAnotherCustomer, declined.Declined!.Reason);
        Assert.Null(RefusedCommitAnswers.ForAnotherCustomer(refused, "s1/t1/2026-03-10/R2", declined));
        Assert.Null(RefusedCommitAnswers.ForAnotherCustomer(new InvalidOperationException(), "s1/t1/2026-03-10/R1", declined));
    }

    [Fact]
    public void An_old_operation_refused_as_done_is_answered_with_its_stored_first_answer_marked_as_a_repeat()
    {
        var done = new OperationAlreadyDoneException("c1", "adjustment/a1");
        var first = new AdjustmentResult(5, 105);

        var repeated = RefusedCommitAnswers.Repeated(done, new AdjustmentResult(5, 110), OperationAnswer.Of(first));

        Assert.Equal(first with { Replayed = true }, repeated);
        Assert.Null(RefusedCommitAnswers.Repeated(done, null, null));
        Assert.Same(done, Assert.Throws<OperationAlreadyDoneException>(() => RefusedCommitAnswers.Repeated(done, first, null)));
    }
}
