using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;
using RetentionActors.Contracts.Program;

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// A customer who owes points: 10 earned, an allowance of 10 signed for till s/t, the 10 spent online at another till,
/// then the offline redemption of 10 booked; the cluster does it as it does for a till (the back office's client is trusted).
/// </summary>
public static class OfflineDebts
{
    public static async Task<string> SeedAsync(BackOfficeSilo silo, string prefix)
    {
        var grains = await silo.GrainsAsync();
        var customerId = $"{prefix}-{Guid.NewGuid():N}"[..40];
        var card = $"mag:{7_400_000_000L + Random.Shared.Next(1_000_000)}";
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await grains.GetGrain<ICustomerGrain>(customerId).EnrollAsync(new CustomerProfile("Owing Oscar"));
        await grains.GetGrain<ILoyaltyCardGrain>(card).LinkAsync(customerId);
        var cardGrain = grains.GetGrain<ILoyaltyCardGrain>(card);
        Assert.True((await cardGrain.EarnAsync(new Purchase("debt-store", "debt-till", $"{prefix}-1", now, 10m) { BusinessDay = today })).IsAccepted);

        var program = grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);
        AllowanceGrant grant;
        do
        {
            // Other tests replace the program's settings on the shared silo: set the limit again until the allowance is given.
            var settings = (await program.GetAsync()).Settings;
            if (settings.OfflineRedemptionDailyLimit == 0)
            {
                await program.UpdateAsync(settings with { OfflineRedemptionDailyLimit = 100 }, "test-offline");
            }
            grant = await cardGrain.RequestOfflineAllowanceAsync(new AllowanceRequest("debt-store", "debt-till"));
        }
        while (grant.Allowance is null);

        Assert.True((await cardGrain.RedeemAsync(new Redemption("debt-store", "debt-till-2", $"{prefix}-2", now, 10) { BusinessDay = today })).IsAccepted);
        var offline = await cardGrain.RedeemOfflineAsync(new OfflineRedemption("debt-store", "debt-till", $"{prefix}-3", DateTimeOffset.UtcNow, 10, today, grant.Allowance));
        Assert.True(offline.IsAccepted, offline.Declined?.Message);
        Assert.Equal(10, offline.DebtIncurred);
        return customerId;
    }
}
