using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Grains.Tests.Fixtures;

namespace RetentionActors.Grains.Tests;

/// <summary>Refer a friend, birthday bonus, pending points, velocity limits and second-operator approval.</summary>
[Collection(MechanicsCluster.Name)]
public sealed class CustomerMechanicsTests(MechanicsClusterFixture fixture)
{
    private static readonly ProgramSettings Base = TestClusters.Program with { MinimumSpend = 0m };
    private readonly Shop _shop = new(fixture.Client);
    private readonly IProgramGrain _program = fixture.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);

    private Purchase Sale(string receipt, decimal amount) => new("store-1", "till-1", receipt, fixture.Clock.GetUtcNow(), amount);

    [Fact]
    public async Task Referral_gives_both_a_bonus_once_at_the_friends_first_qualifying_purchase_and_never_for_self_referral()
    {
        await _program.UpdateAsync(Base with { ReferrerBonus = 200, FriendBonus = 100, ReferralMinimumPurchase = 20m }, "op-referral");
        var (referrer, _, _, _) = await _shop.EnrolledWithCardAsync();
        var code = (await referrer.GetAsync())!.ReferralCode!;
        var friend = _shop.Customer(Shop.NewId("friend"));
        await friend.EnrollAsync(new CustomerProfile("Friend", "friend@example.com"), code);
        var card = _shop.Card(Shop.NewCardId());
        await card.LinkAsync(friend.GetPrimaryKeyString());

        var small = await card.EarnAsync(Sale("F1", 10m));
        var qualifying = await card.EarnAsync(Sale("F2", 30m));
        var later = await card.EarnAsync(Sale("F3", 30m));
        var self = _shop.Customer(Shop.NewId("alias"));
        await self.EnrollAsync(new CustomerProfile("Same Shopper", "shopper@example.com"), code); // the referrer's own e-mail
        var selfCard = _shop.Card(Shop.NewCardId());
        await selfCard.LinkAsync(self.GetPrimaryKeyString());
        var selfPurchase = await selfCard.EarnAsync(Sale("S1", 30m));

        Assert.Equal(0, small.BonusPoints);
        Assert.Equal((100L, 140L), (qualifying.BonusPoints, qualifying.Balance));
        Assert.Equal(0, later.BonusPoints);
        Assert.Equal(200, (await referrer.GetAsync())!.Balance);
        Assert.Equal(0, selfPurchase.BonusPoints);
        Assert.Equal(200, (await referrer.GetAsync())!.Balance);
        await Assert.ThrowsAsync<InvalidRequestException>(() => _shop.Customer(Shop.NewId("x")).EnrollAsync(new CustomerProfile("X"), "RNOSUCHCODE"));
    }

    [Fact]
    public async Task Two_customers_whose_first_referral_codes_are_the_same_each_get_a_code_of_their_own()
    {
        // Found by searching the bench's customer ids: about one such pair per 1.5 million members.
        const string First = "c2240847", Second = "c2754696";
        Assert.Equal(Codes.Referral(First), Codes.Referral(Second));
        await _program.UpdateAsync(Base with { ReferrerBonus = 200, FriendBonus = 100, ReferralMinimumPurchase = 20m }, "op-referral-pair");
        await _shop.Customer(First).EnrollAsync(new CustomerProfile("First holder"));

        var second = await _shop.Customer(Second).EnrollAsync(new CustomerProfile("Second holder"), enrollmentId: "pair-second");
        var retried = await _shop.Customer(Second).EnrollAsync(new CustomerProfile("Second holder"), enrollmentId: "pair-second");
        var (firstCode, secondCode) = ((await _shop.Customer(First).GetAsync())!.ReferralCode!, second.Customer!.ReferralCode!);
        await fixture.Cluster.DeactivateAsync(_shop.Customer(Second));
        var reloaded = (await _shop.Customer(Second).GetAsync())!.ReferralCode;
        // A friend brought by the second holder's code is theirs: the bonus goes to them, not to the first holder.
        var friend = _shop.Customer(Shop.NewId("pair-friend"));
        await friend.EnrollAsync(new CustomerProfile("Friend of the second"), secondCode);
        var card = _shop.Card(Shop.NewCardId());
        await card.LinkAsync(friend.GetPrimaryKeyString());
        await card.EarnAsync(Sale("PF1", 30m));

        Assert.Equal(Codes.Referral(First), firstCode);
        Assert.NotEqual(firstCode, secondCode);
        Assert.Equal((secondCode, secondCode), (retried.Customer!.ReferralCode, reloaded));
        Assert.Equal((0L, 200L), ((await _shop.Customer(First).GetAsync())!.Balance, (await _shop.Customer(Second).GetAsync())!.Balance));
    }

    [Fact]
    public async Task Birthday_bonus_comes_once_a_year_in_the_birthday_week_also_after_a_reload()
    {
        await _program.UpdateAsync(Base with { BirthdayBonus = 250 }, "op-birthday");
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        var customer = _shop.Customer(Shop.NewId("bday"));
        await customer.EnrollAsync(new CustomerProfile("Birthday Person", Birthday: new DateOnly(1990, today.Month, today.Day).AddDays(-2)));

        await customer.RunMaintenanceAsync();
        await customer.RunMaintenanceAsync();
        await fixture.Cluster.DeactivateAsync(customer);
        await customer.RunMaintenanceAsync();

        var bonuses = (await customer.GetLedgerAsync()).Where(e => e.Kind == LedgerEntryKind.Bonus).ToList();
        Assert.Equal([(250L, "birthday")], bonuses.Select(b => (b.Points, b.Reason!)));
        Assert.Equal($"birthday/{today.Year}/bonus/birthday", bonuses[0].IdempotencyKey);
    }

    [Fact]
    public async Task Pending_points_cannot_be_spent_until_the_return_window_has_passed()
    {
        await _program.UpdateAsync(Base with { PendingDays = 14 }, "op-pending");
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();

        var earned = await card.EarnAsync(Sale("P1", 100m));
        var tooSoon = await card.RedeemAsync(new Redemption("store-1", "till-1", "P2", fixture.Clock.GetUtcNow(), 50));
        var pending = (await customer.GetAsync())!.PendingPoints;
        fixture.Clock.Advance(TimeSpan.FromDays(15));
        var later = await card.RedeemAsync(new Redemption("store-1", "till-1", "P3", fixture.Clock.GetUtcNow(), 50));

        Assert.NotNull(earned.PendingUntil);
        Assert.Equal(DeclineReason.InsufficientPoints, tooSoon.Declined?.Reason);
        Assert.Contains("pending", tooSoon.Declined!.Message);
        Assert.Equal(100, pending);
        Assert.Equal(50, later.Balance);
        Assert.Equal(0, (await customer.GetAsync())!.PendingPoints);
    }

    [Fact]
    public async Task Velocity_limits_decline_before_the_sale_is_acknowledged_and_are_recorded()
    {
        await _program.UpdateAsync(Base with { MaxAccrualsPerCardPerHour = 2, MaxPointsPerDay = 500 }, "op-limits");
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();

        await card.EarnAsync(Sale("V1", 10m));
        await card.EarnAsync(Sale("V2", 10m));
        var third = await card.EarnAsync(Sale("V3", 10m));
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var tooMuch = await card.EarnAsync(Sale("V4", 490m));

        Assert.Equal(DeclineReason.VelocityLimit, third.Declined?.Reason);
        Assert.Equal(DeclineReason.VelocityLimit, tooMuch.Declined?.Reason);
        Assert.Equal(2, (await customer.GetLedgerAsync()).Count);
        Assert.Equal(2, (await customer.GetAsync())!.LimitBreaches.Count);
    }

    [Fact]
    public async Task Large_manual_adjustments_need_a_second_operator()
    {
        await _program.UpdateAsync(Base with { AdjustmentApprovalThreshold = 500 }, "op-approval");
        var (customer, _, _, _) = await _shop.EnrolledWithCardAsync();

        var alone = await customer.AdjustAsync(new Adjustment("BIG-1", 600, "Compensation", "op-ann"));
        var selfApproved = await customer.AdjustAsync(new Adjustment("BIG-2", 600, "Compensation", "op-ann") { ApprovedBy = "op-ann" });
        var approved = await customer.AdjustAsync(new Adjustment("BIG-3", 600, "Compensation", "op-ann") { ApprovedBy = "op-bob" });
        var small = await customer.AdjustAsync(new Adjustment("SMALL", 100, "Goodwill", "op-ann"));

        Assert.Equal(DeclineReason.SecondOperatorRequired, alone.Declined?.Reason);
        Assert.Equal(DeclineReason.SecondOperatorRequired, selfApproved.Declined?.Reason);
        Assert.Equal((true, 700L), (approved.IsAccepted && small.IsAccepted, small.Balance));
        var adjustments = (await customer.GetLedgerAsync()).Where(e => e.Kind == LedgerEntryKind.Adjustment).ToList();
        Assert.Equal(new (string?, string?, string?)[] { ("BIG-3", "op-ann", "op-bob"), ("SMALL", "op-ann", null) },
            adjustments.Select(e => (e.ReceiptId, e.OperatorId, e.ApprovedBy)));
    }
}
