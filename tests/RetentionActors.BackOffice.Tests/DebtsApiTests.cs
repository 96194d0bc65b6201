using System.Text.Json;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.BackOffice.Tests;

public sealed class DebtsApiTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task A_customer_owing_points_is_listed_until_the_next_purchase_pays_them_back()
    {
        var customerId = await OfflineDebts.SeedAsync(silo, "api-debt");
        using var analyst = silo.Analyst();

        var owing = await DebtOfAsync(analyst, customerId);
        var grains = await silo.GrainsAsync();
        var card = (await grains.GetGrain<ICustomerGrain>(customerId).GetAsync())!.Cards[0];
        var paid = await grains.GetGrain<ILoyaltyCardGrain>(card).EarnAsync(new Purchase("debt-store", "debt-till", "api-debt-pay", DateTimeOffset.UtcNow, 25m));
        var after = await DebtOfAsync(analyst, customerId);
        var summary = await grains.GetGrain<ICustomerGrain>(customerId).GetAsync();

        Assert.Equal(10, owing);
        Assert.Equal((25L, 15L), (paid.PointsEarned, paid.Balance));
        Assert.Null(after);
        Assert.Equal(0, summary!.Debt);
    }

    [Fact]
    public async Task Pages_follow_each_other_by_customer_id()
    {
        await OfflineDebts.SeedAsync(silo, "api-page-a");
        await OfflineDebts.SeedAsync(silo, "api-page-b");
        using var analyst = silo.Analyst();

        var first = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/debts?take=1", Ct));
        var second = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync($"/api/debts?take=1&after={first.GetProperty("next").GetString()}", Ct));

        var a = first.GetProperty("debts")[0].GetProperty("customerId").GetString()!;
        var b = second.GetProperty("debts")[0].GetProperty("customerId").GetString()!;
        Assert.True(string.CompareOrdinal(a, b) < 0, $"{a} before {b}");
        Assert.Equal(a, first.GetProperty("next").GetString());
    }

    // The points the customer owes as the API lists them, reading every page; null when not listed.
    private static async Task<long?> DebtOfAsync(HttpClient client, string customerId)
    {
        string? after = null;
        do
        {
            var page = await BackOfficeSilo.ReadAsync<JsonElement>(await client.GetAsync("/api/debts?take=1000" + (after is null ? "" : $"&after={after}"), Ct));
            foreach (var debt in page.GetProperty("debts").EnumerateArray())
            {
                if (debt.GetProperty("customerId").GetString() == customerId)
                {
                    return debt.GetProperty("points").GetInt64();
                }
            }
            after = page.GetProperty("next").GetString();
        }
        while (after is not null);
        return null;
    }
}
