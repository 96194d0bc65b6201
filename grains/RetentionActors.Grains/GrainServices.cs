using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RetentionActors.Grains;

/// <summary>What the grains need from any host besides storage.</summary>
public static class GrainServices
{
    public static IServiceCollection AddRetentionGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
