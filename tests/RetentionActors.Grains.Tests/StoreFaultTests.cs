using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Grains.Tests.Probes;

namespace RetentionActors.Grains.Tests;

/// <summary>What a caller gets when storage faults in a grain call or in a grain's activation.</summary>
[Collection(SqliteCluster.Name)]
public sealed class StoreFaultTests(SqliteClusterFixture fixture)
{
    private IStoreFaultProbeGrain Probe(string key) => fixture.Client.GetGrain<IStoreFaultProbeGrain>($"{key}-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_database_connectivity_failure_escaping_a_call_reaches_the_caller_as_StoreUnavailableException()
    {
        var failure = await Assert.ThrowsAsync<StoreUnavailableException>(() => Probe("up").FailAsync("provider"));

        Assert.Equal(StoreUnavailableException.DefaultMessage, failure.Message);
        Assert.Null(failure.InnerException);
    }

    [Fact]
    public async Task A_statement_the_database_refused_is_not_taken_for_an_outage()
    {
        var failure = await Record.ExceptionAsync(() => Probe("up").FailAsync("refused"));

        // Left alone by the filter. (A driver's own exception type cannot cross the wire, so Orleans answers a codec error.)
        Assert.NotNull(failure);
        Assert.IsNotType<StoreUnavailableException>(failure);
    }

    [Theory]
    [InlineData("timeout", typeof(TimeoutException))]
    [InlineData("bad", typeof(InvalidRequestException))]
    public async Task Every_other_failure_reaches_the_caller_unchanged(string kind, Type expected)
    {
        var failure = await Record.ExceptionAsync(() => Probe("up").FailAsync(kind));

        Assert.IsType(expected, failure);
    }

    [Fact]
    public async Task A_grain_whose_activation_finds_the_store_away_answers_its_callers_with_StoreUnavailableException()
    {
        var probe = Probe("down");

        var first = await Record.ExceptionAsync(() => probe.FailAsync("bad"));
        var second = await Record.ExceptionAsync(() => probe.FailAsync("bad"));

        Assert.IsType<StoreUnavailableException>(first);
        Assert.IsType<StoreUnavailableException>(second);
    }
}
