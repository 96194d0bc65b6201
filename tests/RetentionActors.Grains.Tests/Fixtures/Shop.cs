using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Grains.Tests.Fixtures;

/// <summary>Builds customers, cards and receipts with fresh ids, the way a till would send them.</summary>
public sealed class Shop(IGrainFactory grains)
{
    private static int _cardCounter = Random.Shared.Next(1_000_000);

    public static readonly DateTimeOffset Today = DateTimeOffset.UtcNow.AddHours(-1);

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    /// <summary>A fresh magstripe card id, canonical.</summary>
    public static string NewCardId() => $"mag:{60_000_000_000 + Interlocked.Increment(ref _cardCounter)}{Random.Shared.Next(100, 999)}";

    public ICustomerGrain Customer(string id) => grains.GetGrain<ICustomerGrain>(id);

    public ILoyaltyCardGrain Card(string id) => grains.GetGrain<ILoyaltyCardGrain>(id);

    public async Task<(ICustomerGrain Customer, ILoyaltyCardGrain Card, string CustomerId, string CardId)> EnrolledWithCardAsync(string name = "Test Shopper")
    {
        var customerId = NewId("c");
        var cardId = NewCardId();
        var enrolled = await Customer(customerId).EnrollAsync(new CustomerProfile(name, "shopper@example.com"));
        Assert.True(enrolled.IsAccepted, enrolled.Declined?.Message);
        var linked = await Card(cardId).LinkAsync(customerId);
        Assert.True(linked.IsAccepted, linked.Declined?.Message);
        return (Customer(customerId), Card(cardId), customerId, cardId);
    }

    public static Purchase Purchase(string receipt, decimal amount, params PurchaseLine[] lines) =>
        new("store-1", "till-1", receipt, Today, amount, lines.Length == 0 ? null : lines);

    public static Redemption Redemption(string receipt, long points) => new("store-1", "till-1", receipt, Today, points);

    public static Refund Refund(string receipt, decimal amount, string originalReceipt) =>
        new("store-1", "till-2", receipt, Today, amount, "store-1", originalReceipt);
}
