using Orleans.Concurrency;
using RetentionActors.Contracts.Program;

namespace RetentionActors.Grains.Program;

/// <summary>The loyalty program's configuration. Reads interleave; an update is validated by the domain rules before it is written.</summary>
[GrainType("program")]
public sealed class ProgramGrain(
    [PersistentState("program", StorageNames.Loyalty)] IPersistentState<ProgramState> state,
    TimeProvider clock) : Grain, IProgramGrain
{
    [ReadOnly]
    Task<ProgramInfo> IProgramGrain.GetAsync() => Task.FromResult(Info());

    async Task<ProgramInfo> IProgramGrain.UpdateAsync(ProgramSettings settings, string operatorId)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Require.Id(operatorId, nameof(operatorId));
        settings.ToRules(); // throws, listing every problem, before anything changes

        var previous = (state.State.Settings, state.State.Version, state.State.UpdatedAt, state.State.UpdatedBy);
        (state.State.Settings, state.State.Version, state.State.UpdatedAt, state.State.UpdatedBy) =
            (settings, previous.Version + 1, clock.GetUtcNow(), operatorId);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (state.State.Settings, state.State.Version, state.State.UpdatedAt, state.State.UpdatedBy) = previous;
            DeactivateOnIdle();
            throw;
        }
        return Info();
    }

    private ProgramInfo Info() =>
        new(state.State.Settings ?? ProgramSettings.Default, state.State.Version, state.State.UpdatedAt, state.State.UpdatedBy);
}
