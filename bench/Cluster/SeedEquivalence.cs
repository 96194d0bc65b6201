namespace RetentionActors.Bench.Cluster;

/// <summary>
/// Proof that the bulk seeder writes what enrolment through the grains writes: the same customers seeded both
/// ways into two stores, then every row of every table compared, times masked (<see cref="StoreRows"/>: they are
/// when it ran, not what).
/// </summary>
public static class SeedEquivalence
{
    /// <summary>Rows of the store seeded through the grains and of the bulk-seeded one, and the first rows that differ (null when none).</summary>
    public static async Task<(int ThroughGrains, int Bulk, string? FirstDifference)> CompareAsync(string scratch, int customers)
    {
        var throughGrains = Path.Combine(scratch, "seed-check-grains");
        await using (var cluster = await BenchCluster.StartAsync(Backend.Sqlite(throughGrains), "bench-seed-check"))
        {
            // One customer after another, so the outbox positions come in the order the bulk seeder gives them.
            for (var rank = 0; rank < customers; rank++)
            {
                await Shop.EnsureCustomerAsync(cluster.Grains, rank);
            }
        }
        var bulk = Path.Combine(scratch, "seed-check-bulk");
        await BulkSeeder.SeedAsync(bulk, customers, "seed check (bulk)");

        var expected = await StoreRows.SqliteAsync(throughGrains);
        var actual = await StoreRows.SqliteAsync(bulk);
        return (expected.Count, actual.Count, StoreRows.FirstDifference(expected, actual));
    }
}
