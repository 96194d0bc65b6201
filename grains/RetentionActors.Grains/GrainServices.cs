using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RetentionActors.Grains.Coupons;
using RetentionActors.Grains.Maintenance;
using RetentionActors.Grains.Program;
using RetentionActors.Grains.Security;
using RetentionActors.Grains.Storage;
using RetentionActors.Grains.Telemetry;

namespace RetentionActors.Grains;

/// <summary>What the grains need from any host besides storage.</summary>
public static class GrainServices
{
    /// <summary>
    /// The key of the clock the grains read business time from. Tests swap in a fake clock under this
    /// key without touching the clock Orleans itself runs on.
    /// </summary>
    public const string ClockKey = "retention-clock";

    /// <summary>
    /// The grains' services and the gateway's rules: every call from outside the cluster is checked by
    /// <see cref="CallerAuthorizationFilter"/>. The host's storage must provide <see cref="ClusterSecret"/>
    /// and <see cref="ITerminalCredentialStore"/>.
    /// </summary>
    public static IServiceCollection AddRetentionGrains(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(ClockKey, TimeProvider.System);
        services.TryAddSingleton(TimeProvider.System);
        // Who may call what: checked first, before any other filter or grain code runs.
        services.AddSingleton<IIncomingGrainCallFilter, CallerAuthorizationFilter>();
        services.AddSingleton<IOutgoingGrainCallFilter, InternalCallMarker>();
        services.AddSingleton<TerminalTokens>();
        services.AddSingleton<TerminalCredentialRegistry>();
        services.AddSingleton<TerminalCredentialIssuer>();
        services.AddHostedService<RevocationWatcher>();
        services.AddSingleton<CouponCodes>();
        services.AddSingleton<OfflineAllowanceSigner>();
        services.AddSingleton<ProgramRulesCache>();
        services.AddSingleton<ProgramRulesBroadcast>();
        services.AddGrainService<ProgramRulesService>();
        // What Orleans' ISiloBuilder.AddIncomingGrainCallFilter registers: one filter around every grain call of the silo.
        services.AddSingleton<IIncomingGrainCallFilter, StoreFaultFilter>();
        // Accruals, redemptions and declines, counted from the answers clients get (RetentionMetrics).
        services.AddSingleton<IIncomingGrainCallFilter, OutcomeMetricsFilter>();
        // Expiry, tier reviews and birthday bonuses: a fixed number of sweeps find who is due (no reminder per customer).
        services.AddOptions<MaintenanceSweepOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<MaintenanceSweepOptions>, MaintenanceSweepOptionsValidator>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MaintenanceSchedule>();
        return services;
    }
}
