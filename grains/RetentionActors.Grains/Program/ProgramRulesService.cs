using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace RetentionActors.Grains.Program;

[Reentrant]
public sealed class ProgramRulesService(GrainId grainId, Silo silo, ILoggerFactory loggerFactory, ProgramRulesCache cache)
    : GrainService(grainId, silo, loggerFactory), IProgramRulesService
{
    public Task ForgetAsync()
    {
        cache.Forget();
        return Task.CompletedTask;
    }
}
