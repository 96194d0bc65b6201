using Orleans.Runtime;
using Orleans.Storage;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests;

public sealed class SqliteGrainStorageTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private readonly SqliteGrainStorage _storage = new(fixture.Database);

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

        await _storage.WriteStateAsync("card", grain, state);
        state.State!.Name = "second";
        await _storage.WriteStateAsync("card", grain, state);
        var read = new GrainState<Sample>(new Sample());
        await _storage.ReadStateAsync("card", grain, read);

        Assert.Equal(("second", 1.25m, "2", true), (read.State!.Name, read.State!.Amount, read.ETag, read.RecordExists));
    }

    [Fact]
    public async Task Missing_state_reads_as_not_existing()
    {
        var read = new GrainState<Sample>(new Sample());

        await _storage.ReadStateAsync("card", NewGrain(), read);

        Assert.Equal((false, (string?)null, (string?)null), (read.RecordExists, read.ETag, read.State!.Name));
    }

    [Fact]
    public async Task Stale_etag_is_refused_and_the_stored_state_stays()
    {
        var grain = NewGrain();
        var mine = new GrainState<Sample>(new Sample { Name = "mine" });
        var theirs = new GrainState<Sample>(new Sample { Name = "theirs" });
        await _storage.WriteStateAsync("card", grain, mine);
        await _storage.ReadStateAsync("card", grain, theirs);
        theirs.State!.Name = "theirs";
        await _storage.WriteStateAsync("card", grain, theirs);

        mine.State!.Name = "stale";
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("card", grain, mine));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("card", grain, new GrainState<Sample>(new Sample())));

        var read = new GrainState<Sample>(new Sample());
        await _storage.ReadStateAsync("card", grain, read);
        Assert.Equal("theirs", read.State!.Name);
    }

    [Fact]
    public async Task Cleared_state_is_gone()
    {
        var grain = NewGrain();
        var state = new GrainState<Sample>(new Sample { Name = "x" });
        await _storage.WriteStateAsync("card", grain, state);

        await _storage.ClearStateAsync("card", grain, state);
        var read = new GrainState<Sample>(new Sample());
        await _storage.ReadStateAsync("card", grain, read);

        Assert.False(read.RecordExists);
        Assert.Null(state.ETag);
    }
}
