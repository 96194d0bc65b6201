using Orleans.Concurrency;
using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.Program;

/// <summary>The loyalty program's configuration, durable and validated. Key: the program id (<see cref="DefaultId"/>).</summary>
[Alias("RetentionActors.Contracts.Program.IProgramGrain")]
public interface IProgramGrain : IGrainWithStringKey
{
    /// <summary>The program every customer belongs to until programs are per chain.</summary>
    const string DefaultId = "default";

    /// <summary>The settings in force (terminals read the card-number ranges and the campaigns running).</summary>
    [ReadOnly]
    [Alias("GetAsync")]
    [AllowTerminals(TerminalRole.Till, TerminalRole.Kiosk)]
    Task<ProgramInfo> GetAsync();

    /// <summary>Every version, oldest first, so that a late sale is judged by the rules of its time.</summary>
    [ReadOnly]
    [Alias("GetHistoryAsync")]
    Task<IReadOnlyList<ProgramInfo>> GetHistoryAsync();

    /// <summary>Replaces the settings. Invalid settings throw <see cref="ArgumentException"/> listing every problem, and change nothing.</summary>
    [Alias("UpdateAsync")]
    Task<ProgramInfo> UpdateAsync(ProgramSettings settings, string operatorId);
}
