using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RetentionActors.Grains.Program;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains;

/// <summary>What the grains need from any host besides storage.</summary>
public static class GrainServices
{
    /// <summary>
    /// The key of the clock the grains read business time from. Tests swap in a fake clock under this
    /// key without touching the clock Orleans itself runs on.
    /// </summary>
    public const string ClockKey = "retention-clock";

    public static IServiceCollection AddRetentionGrains(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(ClockKey, TimeProvider.System);
        services.AddSingleton<ProgramRulesCache>();
        services.AddSingleton<ProgramRulesBroadcast>();
        services.AddGrainService<ProgramRulesService>();
        // What Orleans' ISiloBuilder.AddIncomingGrainCallFilter registers: one filter around every grain call of the silo.
        services.AddSingleton<IIncomingGrainCallFilter, StoreFaultFilter>();
        return services;
    }
}
