using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Grains.Tests.Fixtures;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

public abstract class CardLifecycleTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);

    [Fact]
    public async Task Unissued_card_is_unknown_until_linked()
    {
        var card = _shop.Card(NewCardId());

        var identity = await card.IdentifyAsync();
        var earn = await card.EarnAsync(Purchase("U1", 10m));

        Assert.Equal(CardStatus.Unissued, identity.Card.Status);
        Assert.Equal(DeclineReason.UnknownCard, identity.Declined?.Reason);
        Assert.Equal(DeclineReason.UnknownCard, earn.Declined?.Reason);
    }

    [Fact]
    public async Task Linked_card_identifies_its_customer_and_a_household_holds_several_cards()
    {
        var (customer, card, customerId, cardId) = await _shop.EnrolledWithCardAsync("Grace");
        var second = _shop.Card("nfc:04A1B2C3" + Random.Shared.Next(0x100000, 0xFFFFFF).ToString("X6"));

        var relinked = await card.LinkAsync(customerId);
        var linkedSecond = await second.LinkAsync(customerId);
        await second.EarnAsync(Purchase("H1", 7m));
        var identity = await card.IdentifyAsync();

        Assert.True(relinked.IsAccepted);
        Assert.True(linkedSecond.IsAccepted);
        Assert.Equal(("Grace", 7L), (identity.Customer!.Profile.DisplayName, identity.Customer.Balance));
        Assert.Equal([cardId, second.GetPrimaryKeyString()], (await customer.GetAsync())!.Cards);
    }

    [Fact]
    public async Task Card_of_one_customer_cannot_be_linked_to_another()
    {
        var (_, card, _, _) = await _shop.EnrolledWithCardAsync();
        var other = NewId("c");
        await _shop.Customer(other).EnrollAsync(new CustomerProfile("Other"));

        var result = await card.LinkAsync(other);

        Assert.Equal(DeclineReason.CardLinkedElsewhere, result.Declined?.Reason);
        Assert.Empty((await _shop.Customer(other).GetAsync())!.Cards);
    }

    [Fact]
    public async Task Linking_to_a_customer_who_never_enrolled_is_declined()
    {
        var card = _shop.Card(NewCardId());

        var result = await card.LinkAsync(NewId("ghost"));

        Assert.Equal(DeclineReason.NotEnrolled, result.Declined?.Reason);
        Assert.Equal(CardStatus.Unissued, (await card.GetAsync()).Status);
    }

    [Fact]
    public async Task Blocked_card_refuses_earning_and_redemption_but_the_points_stay()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase("B1", 20m));

        var blocked = await card.BlockAsync("Reported lost at store-1");
        var earn = await card.EarnAsync(Purchase("B2", 20m));
        var redeem = await card.RedeemAsync(Redemption("B3", 5));
        var identity = await card.IdentifyAsync();

        Assert.Equal(CardStatus.Blocked, blocked.Card.Status);
        Assert.Equal(DeclineReason.CardBlocked, earn.Declined?.Reason);
        Assert.Equal(DeclineReason.CardBlocked, redeem.Declined?.Reason);
        Assert.Contains("Reported lost", identity.Declined!.Message);
        Assert.Equal(20, (await customer.GetAsync())!.Balance);
        Assert.Single(await customer.GetLedgerAsync());
    }

    [Fact]
    public async Task Replaced_card_points_to_its_successor_which_takes_over_the_link()
    {
        var (customer, oldCard, customerId, oldId) = await _shop.EnrolledWithCardAsync();
        await oldCard.EarnAsync(Purchase("RP1", 10m));
        await oldCard.BlockAsync("Lost");
        var newId = NewCardId();

        var replaced = await oldCard.ReplaceAsync(CardId.Parse(newId));
        var again = await oldCard.ReplaceAsync(CardId.Parse(newId));
        var oldEarn = await oldCard.EarnAsync(Purchase("RP2", 10m));
        var newEarn = await _shop.Card(newId).EarnAsync(Purchase("RP3", 10m));
        var refundOnOld = await oldCard.RefundAsync(Refund("RP1-BACK", 10m, "RP1"));

        Assert.Equal((CardStatus.Replaced, newId), (replaced.Card.Status, replaced.Card.ReplacedBy));
        Assert.True(again.IsAccepted);
        Assert.Equal(DeclineReason.CardReplaced, oldEarn.Declined?.Reason);
        Assert.Contains(newId, oldEarn.Declined!.Message);
        Assert.Equal(20, newEarn.Balance);
        Assert.True(refundOnOld.IsAccepted);
        var summary = (await customer.GetAsync())!;
        Assert.Equal([newId], summary.Cards);
        Assert.Equal(10, summary.Balance);
        Assert.Equal(customerId, (await _shop.Card(newId).GetAsync()).CustomerId);
        Assert.NotEqual(oldId, newId);
    }

    [Fact]
    public async Task Replacing_onto_a_card_already_in_use_is_declined_and_changes_nothing()
    {
        var (_, card, _, _) = await _shop.EnrolledWithCardAsync();
        var (_, _, _, someoneElsesCard) = await _shop.EnrolledWithCardAsync();

        var result = await card.ReplaceAsync(CardId.Parse(someoneElsesCard));

        Assert.Equal(DeclineReason.CardLinkedElsewhere, result.Declined?.Reason);
        Assert.Equal(CardStatus.Active, (await card.GetAsync()).Status);
    }

    [Theory]
    [InlineData("04A1B2C3D4E5F6")]
    [InlineData("nfc:04A1")]
    [InlineData("nfc:04a1b2c3d4e5f6")]
    [InlineData("visa:4111111111111111")]
    [InlineData("mag:12ab")]
    [InlineData("bar:\u0001\u0002garbage")]
    public async Task Malformed_or_non_canonical_card_id_is_refused(string key)
    {
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => _shop.Card(key).EarnAsync(Purchase("M1", 10m)));

        Assert.Equal("CardId", error.ParamName);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class CardLifecycleOnSqlite(SqliteClusterFixture fixture) : CardLifecycleTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class CardLifecycleOnPostgres(PostgresClusterFixture fixture) : CardLifecycleTests(fixture);
