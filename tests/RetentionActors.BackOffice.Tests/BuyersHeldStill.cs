namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// Tests that need the buyers to hold still. A customer's RFM segment is scored against quintiles of every buyer, so
/// one test adding buyers moves other customers between segments; these run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BuyersHeldStill
{
    public const string Name = "buyers-held-still";
}
