using Microsoft.Extensions.Options;

namespace RetentionActors.Grains.Maintenance;

/// <summary>Stops a silo whose maintenance settings make no sense at start, saying which one and why.</summary>
public sealed class MaintenanceSweepOptionsValidator : IValidateOptions<MaintenanceSweepOptions>
{
    public ValidateOptionsResult Validate(string? name, MaintenanceSweepOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
