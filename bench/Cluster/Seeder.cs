using RetentionActors.Bench.Load;

namespace RetentionActors.Bench.Cluster;

/// <summary>Enrolls customers with cards through the grains, as the back office would, many at a time.</summary>
public static class Seeder
{
    public static async Task<double> SeedAsync(IGrainFactory grains, int customers, string label)
    {
        var done = 0L;
        var clock = Stopwatch.StartNew();
        using (Progress.Start($"{label}: seeding {customers:N0} customers with cards", null, () => Interlocked.Read(ref done)))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, customers), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (rank, _) =>
            {
                await Shop.EnsureCustomerAsync(grains, rank);
                Interlocked.Increment(ref done);
            });
        }
        return customers / clock.Elapsed.TotalSeconds;
    }
}
