using System.Globalization;
using Orleans.Runtime;
using Orleans.Storage;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Grains.Coupons;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// Coupons counted per campaign from the coupons' stored state, as the coupon grain writes it:
/// <code>
/// campaign "autumn": 3 gift coupons, one redeemed, one voided     campaign "Autumn": 1 gift coupon (another campaign: ids are case-sensitive)
/// campaign "a_b%": 1 redeemed (its id's LIKE characters match only themselves)
/// not campaigns': a win-back coupon, redeemed; a referral coupon
/// </code>
/// </summary>
public abstract class CampaignCouponsContract
{
    protected abstract SqlDatabase Database { get; }

    [Fact]
    public async Task Coupons_are_counted_by_the_campaign_that_gave_them_issued_redeemed_and_voided()
    {
        var ct = TestContext.Current.CancellationToken;
        await CouponAsync("c1", "campaign autumn");
        await CouponAsync("c2", "campaign autumn", redeemed: true);
        await CouponAsync("c3", "campaign autumn", voided: true);
        await CouponAsync("c4", "campaign Autumn");
        await CouponAsync("c5", "campaign a_b%", redeemed: true);
        await CouponAsync("c6", "win-back", redeemed: true);
        await CouponAsync("c7", "referral");
        var coupons = new SqlCampaignCoupons(Database);

        var all = await coupons.CountAsync(null, ct);
        var autumn = await coupons.CountAsync("autumn", ct);
        var likeCharacters = await coupons.CountAsync("a_b%", ct);
        var aXb = await coupons.CountAsync("aXb", ct);

        Assert.Equal(
            new[] { new CampaignCoupons("Autumn", 1, 0, 0), new CampaignCoupons("a_b%", 1, 1, 0), new CampaignCoupons("autumn", 3, 1, 1) },
            all.OrderBy(c => c.CampaignId, StringComparer.Ordinal));
        Assert.Equal([new CampaignCoupons("autumn", 3, 1, 1)], autumn);
        Assert.Equal([new CampaignCoupons("a_b%", 1, 1, 0)], likeCharacters);
        Assert.Empty(aXb);
    }

    private async Task CouponAsync(string code, string source, bool redeemed = false, bool voided = false)
    {
        var issued = DateTimeOffset.Parse("2012-05-01T10:00:00Z", CultureInfo.InvariantCulture);
        var coupon = new CouponInfo(code, CouponKind.FreeItem, "mug", 0m, "cc-1", source, issued, issued.AddDays(30),
            redeemed ? issued.AddDays(1) : null, redeemed ? "s1/t1/r9" : null) { VoidedAt = voided ? issued.AddDays(2) : null };
        IGrainStorage storage = new SqlGrainStorage(Database);
        await storage.WriteStateAsync("coupon", GrainId.Create("coupon", code), new GrainState<CouponState>(new CouponState { Coupon = coupon }));
    }
}

public sealed class SqliteCampaignCouponsTests(SqliteFixture fixture) : CampaignCouponsContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

public sealed class PostgresCampaignCouponsTests(PostgresFixture fixture) : CampaignCouponsContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();
}
