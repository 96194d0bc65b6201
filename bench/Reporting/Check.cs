namespace RetentionActors.Bench.Reporting;

/// <summary>A correctness check a scenario made (exact balance, no doubles): what was expected, what was seen.</summary>
public sealed record Check(string Scenario, string Target, string What, string Expected, string Actual)
{
    public bool Passed => Expected == Actual;
}
