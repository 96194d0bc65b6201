using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Services;

namespace RetentionActors.Grains.Program;

/// <summary>Tells the rules cache of every active silo that the program changed.</summary>
public sealed partial class ProgramRulesBroadcast(IServiceProvider services, IClusterMembershipService membership, ILogger<ProgramRulesBroadcast> logger)
    : GrainServiceClient<IProgramRulesService>(services)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public Task ForgetEverywhereAsync() =>
        Task.WhenAll(membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => ForgetAsync(m.SiloAddress)));

    private async Task ForgetAsync(SiloAddress silo)
    {
        try
        {
            await GetGrainService(silo).ForgetAsync().WaitAsync(Patience);
        }
        catch (Exception exception)
        {
            // That silo's cache re-checks the version within ProgramRulesCache.MaxAge anyway.
            LogForgetFailed(logger, exception, silo);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} was not told of the program change; its rules cache expires on its own")]
    private static partial void LogForgetFailed(ILogger logger, Exception exception, SiloAddress silo);
}
