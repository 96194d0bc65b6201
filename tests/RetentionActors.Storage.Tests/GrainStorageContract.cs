using Orleans.Runtime;
using Orleans.Storage;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

/// <summary>What <see cref="SqlGrainStorage"/> must do on every engine, written once and run per engine.</summary>
public abstract class GrainStorageContract
{
    protected abstract SqlDatabase Database { get; }

    private SqlGrainStorage Storage => new(Database);

    private SqlAuditTrail Audit => new(Database);

    public sealed class Sample
    {
        public string? Name { get; set; }
        public decimal Amount { get; set; }
    }

    private static GrainId NewGrain() => GrainId.Create("card", "mag:" + Random.Shared.NextInt64(100_000_000, 999_999_999));

    [Fact]
    public async Task Written_state_reads_back_with_its_etag()
    {
        var grain = NewGrain();
        var state = new GrainState<Sample>(new Sample { Name = "first", Amount = 1.25m });

        await Storage.WriteStateAsync("card", grain, state);
        state.State!.Name = "second";
        await Storage.WriteStateAsync("card", grain, state);
        var read = new GrainState<Sample>(new Sample());
        await Storage.ReadStateAsync("card", grain, read);

        Assert.Equal(("second", 1.25m, "2", true), (read.State!.Name, read.State!.Amount, read.ETag, read.RecordExists));
    }

    [Fact]
    public async Task Missing_state_reads_as_not_existing()
    {
        var read = new GrainState<Sample>(new Sample());

        await Storage.ReadStateAsync("card", NewGrain(), read);

        Assert.Equal((false, (string?)null, (string?)null), (read.RecordExists, read.ETag, read.State!.Name));
    }

    [Fact]
    public async Task Stale_etag_is_refused_and_the_stored_state_stays()
    {
        var grain = NewGrain();
        var mine = new GrainState<Sample>(new Sample { Name = "mine" });
        var theirs = new GrainState<Sample>(new Sample { Name = "theirs" });
        await Storage.WriteStateAsync("card", grain, mine);
        await Storage.ReadStateAsync("card", grain, theirs);
        theirs.State!.Name = "theirs";
        await Storage.WriteStateAsync("card", grain, theirs);

        mine.State!.Name = "stale";
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("card", grain, mine));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("card", grain, new GrainState<Sample>(new Sample())));

        var read = new GrainState<Sample>(new Sample());
        await Storage.ReadStateAsync("card", grain, read);
        Assert.Equal("theirs", read.State!.Name);
    }

    [Fact]
    public async Task Cleared_state_is_gone()
    {
        var grain = NewGrain();
        var state = new GrainState<Sample>(new Sample { Name = "x" });
        await Storage.WriteStateAsync("card", grain, state);

        await Storage.ClearStateAsync("card", grain, state);
        var read = new GrainState<Sample>(new Sample());
        await Storage.ReadStateAsync("card", grain, read);

        Assert.False(read.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task A_state_write_for_an_audited_call_writes_the_audit_row_with_it()
    {
        var grain = NewGrain();
        var intent = AuditedCall.Intent("block-card", grain.Key.ToString()!);

        await AuditedCall.RunAsync(intent, () => Storage.WriteStateAsync("card", grain, new GrainState<Sample>(new Sample { Name = "blocked" })), "ada");

        var row = await Audit.FindAsync(intent.Id, TestContext.Current.CancellationToken);
        Assert.NotNull(row);
        Assert.Equal(("ada", "block-card", grain.Key.ToString(), "what the operator typed", "done"), (row.Actor, row.Action, row.Target, row.Detail, row.Outcome));
    }

    [Fact]
    public async Task A_refused_state_write_leaves_neither_the_state_nor_its_audit_row()
    {
        var grain = NewGrain();
        var stored = new GrainState<Sample>(new Sample { Name = "stored" });
        await Storage.WriteStateAsync("card", grain, stored);
        var stale = new GrainState<Sample>(new Sample { Name = "stale" }) { ETag = "7" };
        var intent = AuditedCall.Intent();

        await Assert.ThrowsAsync<InconsistentStateException>(() => AuditedCall.RunAsync(intent, () => Storage.WriteStateAsync("card", grain, stale)));

        var read = new GrainState<Sample>(new Sample());
        await Storage.ReadStateAsync("card", grain, read);
        Assert.Equal(("stored", "1"), (read.State!.Name, read.ETag));
        Assert.Null(await Audit.FindAsync(intent.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_state_write_without_an_operator_writes_no_audit_row()
    {
        var intent = AuditedCall.Intent();

        using (Grains.Audit.AuditContext.Begin(intent))
        {
            await Storage.WriteStateAsync("card", NewGrain(), new GrainState<Sample>(new Sample { Name = "a terminal's" }));
        }

        Assert.Null(await Audit.FindAsync(intent.Id, TestContext.Current.CancellationToken));
    }
}
