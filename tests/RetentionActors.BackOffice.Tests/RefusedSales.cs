using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.BackOffice.Tests;

/// <summary>Dead letters as a till two days ahead leaves them, in a store of their own.</summary>
public static class RefusedSales
{
    // A customer, and sales of theirs a till two days ahead rang up and reported as dead letters.
    public static async Task<(string Store, string CustomerId, DateOnly Day)> SeedAsync(BackOfficeSilo silo, params string[] receipts)
    {
        var grains = await silo.GrainsAsync();
        var store = "store-" + Guid.NewGuid().ToString("N")[..8];
        var customerId = "dl-" + Guid.NewGuid().ToString("N")[..8];
        var card = "nfc:04" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        Assert.True((await grains.GetGrain<ICustomerGrain>(customerId).EnrollAsync(new CustomerProfile("Dead Letter " + customerId))).IsAccepted);
        Assert.True((await grains.GetGrain<ILoyaltyCardGrain>(card).LinkAsync(customerId)).IsAccepted);
        var tillNow = DateTimeOffset.UtcNow.AddDays(2);
        var day = TillDay.Of(tillNow.AddHours(-2));
        foreach (var receipt in receipts)
        {
            var sale = new Purchase(store, "till-1", receipt, tillNow.AddHours(-2), 25m) { BusinessDay = day };
            var declined = (await grains.GetGrain<ILoyaltyCardGrain>(card).EarnAsync(sale with { SentAt = tillNow })).Declined!;
            Assert.Equal(DeclineReason.TillClockSkew, declined.Reason);
            await grains.GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill(store, "till-1"))
                .ReportAsync(new DeadLetterReport(store, "till-1", card, sale, "tillClockSkew", declined.Message, tillNow, 1) { ClockSkew = declined.ClockSkew });
        }
        return (store, customerId, day);
    }
}
