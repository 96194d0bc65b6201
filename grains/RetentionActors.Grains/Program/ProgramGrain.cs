using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using RetentionActors.Contracts.Program;

namespace RetentionActors.Grains.Program;

/// <summary>The loyalty program's configuration. Reads interleave; an update is validated by the domain rules before it is written.</summary>
[GrainType("program")]
public sealed class ProgramGrain(
    [PersistentState("program", StorageNames.Loyalty)] IPersistentState<ProgramState> state,
    ProgramRulesBroadcast rulesCaches,
    [FromKeyedServices(GrainServices.ClockKey)] TimeProvider clock) : Grain, IProgramGrain
{
    Task<ProgramInfo> IProgramGrain.GetAsync() => Task.FromResult(Info());

    Task<IReadOnlyList<ProgramInfo>> IProgramGrain.GetHistoryAsync() =>
        Task.FromResult<IReadOnlyList<ProgramInfo>>(state.State.History.Count > 0 ? [.. state.State.History] : [Info()]);

    async Task<ProgramInfo> IProgramGrain.UpdateAsync(ProgramSettings settings, string operatorId)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Require.Id(operatorId, nameof(operatorId));
        settings.RequireComplete();
        settings.ToRules(); // throws, listing every problem, before anything changes

        var previous = (state.State.Settings, state.State.Version, state.State.UpdatedAt, state.State.UpdatedBy);
        (state.State.Settings, state.State.Version, state.State.UpdatedAt, state.State.UpdatedBy) =
            (settings, previous.Version + 1, clock.GetUtcNow(), operatorId);
        state.State.History.Add(Info());
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (state.State.Settings, state.State.Version, state.State.UpdatedAt, state.State.UpdatedBy) = previous;
            state.State.History.RemoveAt(state.State.History.Count - 1);
            DeactivateOnIdle();
            throw;
        }
        await rulesCaches.ForgetEverywhereAsync();
        return Info();
    }

    private ProgramInfo Info() =>
        new(state.State.Settings ?? ProgramSettings.Default, state.State.Version, state.State.UpdatedAt, state.State.UpdatedBy);
}
