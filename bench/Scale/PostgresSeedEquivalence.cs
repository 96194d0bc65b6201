using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Postgres;
using RetentionActors.Contracts.Cards;

namespace RetentionActors.Bench.Scale;

/// <summary>
/// Proof that <see cref="PostgresBulkSeeder"/> writes what the grains write: a few customers, one of them "old", enrolled,
/// carded and given their purchase history through the grains on one silo (one customer after another, so the outbox
/// positions come in the order the bulk seeder gives them), the same customers seeded in bulk into a second database,
/// then every row of every table compared, times, dates and event ids masked (<see cref="StoreRows"/>).
/// </summary>
public static class PostgresSeedEquivalence
{
    public static async Task<(int ThroughGrains, int Bulk, string? FirstDifference)> CompareAsync(PostgresServer server, int customers, int oldPurchases)
    {
        var history = new PurchaseHistory(customers, 1, DateTimeOffset.UtcNow, oldPurchases);
        var throughGrains = await server.CreateDatabaseAsync("bench_seed_grains");
        await using (var cluster = await BenchCluster.StartAsync(Backend.PostgreSql(throughGrains, 1), "bench-seed-check"))
        {
            for (var rank = 0; rank < customers; rank++)
            {
                await Shop.EnsureCustomerAsync(cluster.Grains, rank);
                var card = cluster.Grains.GetGrain<ILoyaltyCardGrain>(Shop.CardId(rank));
                foreach (var purchase in history.Purchases(rank))
                {
                    // The grains take sales of now only (the till clock check): the same sale, at this moment.
                    var accrual = await card.EarnAsync(purchase with { OccurredAt = DateTimeOffset.UtcNow });
                    if (!accrual.IsAccepted)
                    {
                        throw new InvalidOperationException($"Purchase {purchase.ReceiptId} was declined: {accrual.Declined!.Message}");
                    }
                }
            }
        }
        var bulk = await server.CreateDatabaseAsync("bench_seed_bulk");
        await PostgresBulkSeeder.SeedAsync(bulk, history, "seed check (bulk)");

        var expected = await StoreRows.PostgresAsync(throughGrains);
        var actual = await StoreRows.PostgresAsync(bulk);
        return (expected.Count, actual.Count, StoreRows.FirstDifference(expected, actual));
    }
}
