using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Bench.Cluster;

/// <summary>The bench's customers, cards and receipts: stable ids so a seeded store can be reused, purchases of three lines.</summary>
public static class Shop
{
    public const string StoreId = "S001";
    private static readonly string[] Categories = ["grocery", "bakery", "drinks"];

    public static string CustomerId(int rank) => $"c{rank:D7}";

    // 7-byte NFC UIDs: 14 hex digits, canonical (upper case) so the card grain accepts the key as is.
    public static string CardId(int rank) => $"nfc:{rank + 0x0400000000000:X14}";

    /// <summary>A purchase of three lines between 1.00 and 20.00 each; the receipt total is their sum.</summary>
    public static Purchase Purchase(Random random, string terminalId, string receiptId)
    {
        var lines = new PurchaseLine[3];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = new PurchaseLine($"SKU{random.Next(1000, 9999)}", Categories[i], 1m, random.Next(100, 2000) / 100m);
        }
        return new Purchase(StoreId, terminalId, receiptId, DateTimeOffset.UtcNow, lines.Sum(l => l.Amount), lines);
    }

    /// <summary>Enrolls customer <paramref name="rank"/> and links their card; harmless when already done.</summary>
    public static async Task EnsureCustomerAsync(IGrainFactory grains, int rank)
    {
        var customerId = CustomerId(rank);
        await grains.GetGrain<ICustomerTillGrain>(customerId).EnrollAsync(new CustomerProfile($"Customer {rank}"));
        var linked = await grains.GetGrain<ILoyaltyCardGrain>(CardId(rank)).LinkAsync(customerId);
        if (!linked.IsAccepted)
        {
            throw new InvalidOperationException($"Card of customer {rank} was not linked: {linked.Declined!.Message}");
        }
    }
}
