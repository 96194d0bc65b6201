using Orleans.Services;

namespace RetentionActors.Grains.Program;

/// <summary>One per silo: tells that silo's <see cref="ProgramRulesCache"/> that the program changed.</summary>
[Alias("RetentionActors.Grains.Program.IProgramRulesService")]
public interface IProgramRulesService : IGrainService
{
    [Alias("ForgetAsync")]
    Task ForgetAsync();
}
