using System.Text.Json;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// The home page's endpoint end to end. Other tests write to the same silo at the same time, so only what this test adds is
/// certain: its purchase with a card today is among today's. The exact figures are SqlProgramGlance's contract (Storage.Tests).
/// </summary>
public sealed class GlanceApiTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task The_glance_counts_a_purchase_with_a_card_made_today_and_answers_every_figure()
    {
        using var analyst = silo.Analyst();
        var before = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/glance", Ct));
        var id = "gl-" + Guid.NewGuid().ToString("N")[..8];
        var card = "nfc:04" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var grains = await silo.GrainsAsync();
        await grains.GetGrain<ICustomerGrain>(id).EnrollAsync(new CustomerProfile("Glance " + id));
        await grains.GetGrain<ILoyaltyCardGrain>(card).LinkAsync(id);
        await grains.GetGrain<ICustomerGrain>(id).EarnAsync(new Purchase("s1", "t1", id + "-r1", DateTimeOffset.UtcNow, 25m), CardId.Parse(card));

        var after = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/glance", Ct));

        Assert.True(Current(after, "purchasesToday") >= Current(before, "purchasesToday") + 1, after.ToString());
        Assert.True(Current(after, "newMembers") >= Current(before, "newMembers") + 1, after.ToString());
        Assert.True(Current(after, "activeMembers30Days") >= 1, after.ToString());
        Assert.Equal("EUR", after.GetProperty("currency").GetString());
        var today = after.GetProperty("today").GetString();
        Assert.Contains(after.GetProperty("days").EnumerateArray(), d => d.GetProperty("day").GetString() == today && d.GetProperty("purchases").GetInt64() >= 1);
        foreach (var open in new[] { "openDeadLetters", "webhookDeadLetters", "failingWebhooks" })
        {
            Assert.True(after.GetProperty(open).GetInt64() >= 0);
        }
    }

    private static decimal Current(JsonElement glance, string figure) => glance.GetProperty(figure).GetProperty("current").GetDecimal();
}
