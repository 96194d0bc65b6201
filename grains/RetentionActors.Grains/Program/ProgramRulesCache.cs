using System.Diagnostics;
using RetentionActors.Contracts.Program;
using RetentionActors.Domain;

namespace RetentionActors.Grains.Program;

/// <summary>
/// Every version of the program's rules, shared by the grains of one silo, so that a purchase does not
/// call the program grain (it did, several times per till sequence, and all silos queued on that one
/// activation). An update reaches every silo's cache through <see cref="ProgramRulesBroadcast"/> before
/// it returns; a silo that missed the message checks the version again after <see cref="MaxAge"/>. When that check
/// fails, the rules it has keep serving (a dead silo that hosted the program grain does not stop every purchase).
/// </summary>
public sealed class ProgramRulesCache(IGrainFactory grains)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    // How soon the version is checked again after the program grain did not answer.
    private static readonly TimeSpan RecheckAfterFailure = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private Cached? _cached;
    private Task<Cached>? _refresh;
    private int _generation;

    public ValueTask<ProgramHistory> GetAsync()
    {
        var cached = _cached;
        return cached is not null && Stopwatch.GetElapsedTime(cached.CheckedAt) < MaxAge
            ? ValueTask.FromResult(cached.History)
            : new ValueTask<ProgramHistory>(RefreshAsync());
    }

    /// <summary>The program changed: the next reader fetches it.</summary>
    public void Forget()
    {
        lock (_lock)
        {
            (_cached, _refresh) = (null, null);
            _generation++;
        }
    }

    private async Task<ProgramHistory> RefreshAsync()
    {
        Task<Cached> refresh;
        lock (_lock)
        {
            var (previous, generation) = (_cached, _generation);
            // Outside any grain's scheduler: readers from many grains share the answer.
            refresh = _refresh ??= Task.Run(() => FetchAsync(previous, generation));
        }
        return (await refresh).History;
    }

    private async Task<Cached> FetchAsync(Cached? previous, int generation)
    {
        try
        {
            var program = grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);
            var current = await program.GetAsync();
            var history = previous?.Version == current.Version ? previous.History : (await program.GetHistoryAsync()).ToHistory();
            var fresh = new Cached(current.Version, history, Stopwatch.GetTimestamp());
            lock (_lock)
            {
                if (generation == _generation)
                {
                    _cached = fresh;
                }
            }
            return fresh;
        }
        catch (Exception) when (previous is not null)
        {
            // The program grain does not answer (its silo died and is not declared dead yet, or the database is away):
            // purchases go on with the rules this silo has, instead of failing on a silo that serves, and the version is
            // checked again shortly. No update is missed for long: updates are made by the grain that does not answer,
            // and reach every silo's cache through the broadcast anyway.
            var kept = previous with { CheckedAt = Stopwatch.GetTimestamp() - (long)((MaxAge - RecheckAfterFailure).TotalSeconds * Stopwatch.Frequency) };
            lock (_lock)
            {
                if (generation == _generation)
                {
                    _cached = kept;
                }
            }
            return kept;
        }
        finally
        {
            lock (_lock)
            {
                if (generation == _generation)
                {
                    _refresh = null;
                }
            }
        }
    }

    private sealed record Cached(int Version, ProgramHistory History, long CheckedAt);
}
