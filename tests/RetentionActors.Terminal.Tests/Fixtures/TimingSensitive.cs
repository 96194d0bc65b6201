namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>
/// Tests whose outcome depends on timing: a simulated PN532 through the binding (serial timeouts of ~89 ms), pcscd and
/// its virtual reader, silos killed under a till. They run one at a time, after the parallel tests, so a loaded CI
/// machine does not turn CPU starvation into reader faults or missed deadlines.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "timing-sensitive";
}
