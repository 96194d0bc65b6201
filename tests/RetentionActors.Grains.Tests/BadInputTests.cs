using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Tests.Fixtures;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>Every bad request gets a clear answer and leaves balance and ledger exactly as they were.</summary>
public abstract class BadInputTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);

    // The test's own receipt: a receipt earns for one customer, and each test funds a customer of its own.
    private readonly string _fundReceipt = NewId("FUND");

    public static TheoryData<string, Purchase> MalformedPurchases => new()
    {
        { "Amount", Purchase("BAD-1", 0m) },
        { "Amount", Purchase("BAD-2", -5m) },
        { "Amount", Purchase("BAD-3", 1_000_000_000_000m) },
        { "Amount", Purchase("BAD-4", 10.123456m) },
        { "ReceiptId", Purchase("", 10m) },
        { "ReceiptId", Purchase("has/slash", 10m) },
        { "StoreId", Purchase("BAD-5", 10m) with { StoreId = new string('s', 65) } },
        { "OccurredAt", Purchase("BAD-6", 10m) with { OccurredAt = DateTimeOffset.UtcNow.AddYears(2) } },
        { "OccurredAt", Purchase("BAD-7", 10m) with { OccurredAt = default } },
        { "Lines", Purchase("BAD-8", 10m, new PurchaseLine("sku", "coffee", 1, 11m)) },
        { "Lines.Amount", Purchase("BAD-9", 10m, new PurchaseLine("sku", "coffee", 1, -1m)) },
    };

    [Theory]
    [MemberData(nameof(MalformedPurchases), MemberType = typeof(BadInputTests))]
    public async Task Malformed_purchase_is_a_validation_error_naming_the_field(string field, Purchase purchase)
    {
        var (customer, card, _, _) = await FundedAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => card.EarnAsync(purchase));

        Assert.Equal(field, error.ParamName);
        await AssertUnchangedAsync(customer);
    }

    [Fact]
    public async Task Purchase_above_the_programs_maximum_is_declined()
    {
        var (customer, card, _, _) = await FundedAsync();

        var result = await card.EarnAsync(Purchase("HUGE", 5000.01m));

        Assert.Equal(DeclineReason.AmountAboveMaximum, result.Declined?.Reason);
        Assert.Contains("5000", result.Declined!.Message);
        await AssertUnchangedAsync(customer);
    }

    [Fact]
    public async Task Redeeming_more_than_the_balance_is_declined()
    {
        var (customer, card, _, _) = await FundedAsync();

        var result = await card.RedeemAsync(Redemption("GREEDY", 51));

        Assert.Equal(DeclineReason.InsufficientPoints, result.Declined?.Reason);
        await AssertUnchangedAsync(customer);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-10L)]
    public async Task Redeeming_zero_or_negative_points_is_a_validation_error(long points)
    {
        var (customer, card, _, _) = await FundedAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => card.RedeemAsync(Redemption("ZERO", points)));

        Assert.Equal("Points", error.ParamName);
        await AssertUnchangedAsync(customer);
    }

    [Fact]
    public async Task Refund_of_an_unknown_receipt_is_declined()
    {
        var (customer, card, _, _) = await FundedAsync();

        var result = await card.RefundAsync(Refund("RET-1", 5m, originalReceipt: "NEVER-SOLD"));

        Assert.Equal(DeclineReason.UnknownReceipt, result.Declined?.Reason);
        await AssertUnchangedAsync(customer);
    }

    [Fact]
    public async Task Refund_of_more_than_was_bought_is_declined()
    {
        var (customer, card, _, _) = await FundedAsync();

        var result = await card.RefundAsync(Refund("RET-2", 50.01m, originalReceipt: _fundReceipt));

        Assert.Equal(DeclineReason.RefundExceedsPurchase, result.Declined?.Reason);
        await AssertUnchangedAsync(customer);
    }

    [Fact]
    public async Task Taking_away_more_than_the_balance_by_hand_is_declined()
    {
        var (customer, _, _, _) = await FundedAsync();

        var result = await customer.AdjustAsync(new Adjustment("CASE-X", -51, "Clawback", "op-1"));

        Assert.Equal(DeclineReason.InsufficientPoints, result.Declined?.Reason);
        await AssertUnchangedAsync(customer);
    }

    [Theory]
    [InlineData("", "op-1", 5L, "Reason")]
    [InlineData("Fix", "", 5L, "OperatorId")]
    [InlineData("Fix", "op-1", 0L, "Points")]
    public async Task Adjustment_without_reason_operator_or_points_is_a_validation_error(string reason, string operatorId, long points, string field)
    {
        var (customer, _, _, _) = await FundedAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => customer.AdjustAsync(new Adjustment("CASE-Y", points, reason, operatorId)));

        Assert.Equal(field, error.ParamName);
        await AssertUnchangedAsync(customer);
    }

    [Fact]
    public async Task Duplicate_enrollment_is_declined_and_keeps_the_first_profile()
    {
        var (customer, _, _, _) = await FundedAsync();

        var again = await customer.EnrollAsync(new CustomerProfile("Impostor", "evil@example.com"));

        Assert.Equal(DeclineReason.AlreadyEnrolled, again.Declined?.Reason);
        Assert.Null(again.Customer);
        Assert.Equal("Test Shopper", (await customer.GetAsync())!.Profile.DisplayName);
    }

    [Theory]
    [InlineData("", null, null, "DisplayName")]
    [InlineData("Ok", "not-an-email", null, "Email")]
    [InlineData("Ok", null, "12", "Phone")]
    [InlineData("Ok", null, "+44 20 7946 0958 ext", "Phone")]
    public async Task Enrollment_with_bad_profile_is_a_validation_error_and_enrolls_nobody(string name, string? email, string? phone, string field)
    {
        var customer = _shop.Customer(NewId("c"));

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => customer.EnrollAsync(new CustomerProfile(name, email, phone)));

        Assert.Equal(field, error.ParamName);
        Assert.Null(await customer.GetAsync());
    }

    [Fact]
    public async Task Points_for_a_customer_who_never_enrolled_are_declined()
    {
        var customer = _shop.Customer(NewId("c"));

        var result = await customer.EarnAsync(Purchase("NOBODY", 10m));

        Assert.Equal(DeclineReason.NotEnrolled, result.Declined?.Reason);
        Assert.Null(await customer.GetAsync());
    }

    [Fact]
    public async Task A_payment_card_number_is_refused_by_the_silo_whatever_calls_it_and_nothing_is_stored()
    {
        var (_, _, customerId, _) = await FundedAsync();
        var pan = _shop.Card("mag:4111111111111111");

        var linked = await Assert.ThrowsAsync<InvalidRequestException>(() => pan.LinkAsync(customerId));
        var earned = await Assert.ThrowsAsync<InvalidRequestException>(() => pan.EarnAsync(Purchase("PAN-1", 10m)));

        Assert.Equal(Contracts.Cards.CardId.PaymentCardRefusal, linked.Message);
        Assert.Equal("CardId", earned.ParamName);
        Assert.DoesNotContain("mag:4111111111111111", (await _shop.Customer(customerId).GetAsync())!.Cards);
        Assert.Single(await _shop.Customer(customerId).GetLedgerAsync());
    }

    private async Task<(ICustomerGrain Customer, Contracts.Cards.ILoyaltyCardGrain Card, string CustomerId, string CardId)> FundedAsync()
    {
        var enrolled = await _shop.EnrolledWithCardAsync();
        Assert.Equal(50, (await enrolled.Card.EarnAsync(Purchase(_fundReceipt, 50m))).Balance);
        return enrolled;
    }

    private static async Task AssertUnchangedAsync(ICustomerGrain customer)
    {
        Assert.Equal(50, (await customer.GetAsync())!.Balance);
        Assert.Single(await customer.GetLedgerAsync());
    }
}

[Collection(SqliteCluster.Name)]
public sealed class BadInputOnSqlite(SqliteClusterFixture fixture) : BadInputTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class BadInputOnPostgres(PostgresClusterFixture fixture) : BadInputTests(fixture);
