namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>
/// Tests that talk to a simulated PN532 through the binding, whose serial timeouts are ~89 ms: they run one at a
/// time, after the parallel tests, so a loaded CI machine does not turn CPU starvation into reader faults.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "timing-sensitive";
}
