using System.Reflection;
using Microsoft.Extensions.Time.Testing;
using RetentionActors.Contracts.Program;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Checkout;

/// <summary>The campaigns a card read offers: those running by the till's clock, from their start up to (not at) their end.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CampaignOffersTests(ClusterFixture cluster)
{
    private static readonly DateTimeOffset Starts = new(2031, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Ends = Starts.AddDays(7);

    [Fact]
    public async Task A_card_read_offers_the_campaigns_running_by_the_tills_clock()
    {
        var (_, card) = await cluster.EnrolledCardAsync("Offer Olga");
        var clock = new FakeTimeProvider(Starts.AddTicks(-1));
        var program = ProgramSettings.Default with { Campaigns = [new CampaignSettings("spring", "Spring bonus", CampaignKind.SpendBonus, Starts, Ends)] };
        var (desk, _, _) = Desks.Create(new FixedGrainAccess(ProgramOverride.Wrap(cluster.Client, program)), tillClock: clock);

        var before = await desk.IdentifyAsync(card, TestContext.Current.CancellationToken);
        clock.SetUtcNow(Starts);
        var atStart = await desk.IdentifyAsync(card, TestContext.Current.CancellationToken);
        clock.SetUtcNow(Ends.AddTicks(-1));
        var lastMoment = await desk.IdentifyAsync(card, TestContext.Current.CancellationToken);
        clock.SetUtcNow(Ends);
        var atEnd = await desk.IdentifyAsync(card, TestContext.Current.CancellationToken);

        Assert.Empty(Assert.IsType<KnownCardAnswer>(before).Offers);
        Assert.Equal(["Spring bonus"], Assert.IsType<KnownCardAnswer>(atStart).Offers);
        Assert.Equal(["Spring bonus"], Assert.IsType<KnownCardAnswer>(lastMoment).Offers);
        Assert.Empty(Assert.IsType<KnownCardAnswer>(atEnd).Offers);
    }

    /// <summary>The test cluster's grains, but a program grain of the test's own, so the shared cluster's program stays as it is.</summary>
    public class ProgramOverride : DispatchProxy
    {
        private IGrainFactory _inner = null!;
        private IProgramGrain _program = null!;

        public static IGrainFactory Wrap(IGrainFactory inner, ProgramSettings settings)
        {
            var proxy = Create<IGrainFactory, ProgramOverride>();
            var self = (ProgramOverride)(object)proxy;
            (self._inner, self._program) = (inner, new FixedProgram(new ProgramInfo(settings, 1, null, null)));
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true } && targetMethod.GetGenericArguments()[0] == typeof(IProgramGrain)
                ? _program
                : targetMethod!.Invoke(_inner, args);
    }

    private sealed class FixedProgram(ProgramInfo info) : IProgramGrain
    {
        public Task<ProgramInfo> GetAsync() => Task.FromResult(info);

        public Task<IReadOnlyList<ProgramInfo>> GetHistoryAsync() => Task.FromResult<IReadOnlyList<ProgramInfo>>([info]);

        public Task<ProgramInfo> UpdateAsync(ProgramSettings settings, string operatorId) => throw new NotSupportedException();
    }
}
