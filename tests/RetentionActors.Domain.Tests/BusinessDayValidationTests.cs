using RetentionActors.Contracts;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Domain.Tests;

public sealed class BusinessDayValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    // 00:30 on the 3rd at the till, still the 2nd in UTC.
    private static readonly DateTimeOffset TillTime = new(2026, 12, 3, 0, 30, 0, TimeSpan.FromHours(2));

    [Fact]
    public void Without_a_business_day_a_sale_counts_for_the_date_the_tills_clock_showed()
    {
        Assert.Equal(new DateOnly(2026, 12, 3), new Purchase("s", "t", "r", TillTime, 1m).Day);
        Assert.Equal(new DateOnly(2026, 12, 3), new Redemption("s", "t", "r", TillTime, 1).Day);
        Assert.Equal(new DateOnly(2026, 12, 1), new Refund("s", "t", "r", TillTime, 1m, "s", "o") { BusinessDay = new DateOnly(2026, 12, 1) }.Day);
    }

    [Theory]
    [InlineData(2026, 12, 2)]
    [InlineData(2026, 12, 3)]
    [InlineData(2026, 12, 4)]
    public void A_business_day_within_a_day_of_the_tills_date_is_accepted(int year, int month, int day)
    {
        new Purchase("s", "t", "r", TillTime, 1m) { BusinessDay = new DateOnly(year, month, day) }.Validate(Now);
        new Redemption("s", "t", "r", TillTime, 1) { BusinessDay = new DateOnly(year, month, day) }.Validate(Now);
    }

    [Theory]
    [InlineData(2026, 12, 1)]
    [InlineData(2026, 12, 5)]
    [InlineData(2025, 12, 3)]
    public void A_business_day_further_from_the_tills_date_is_refused_naming_the_field(int year, int month, int day)
    {
        var businessDay = new DateOnly(year, month, day);

        var purchase = Assert.Throws<InvalidRequestException>(() => new Purchase("s", "t", "r", TillTime, 1m) { BusinessDay = businessDay }.Validate(Now));
        var refund = Assert.Throws<InvalidRequestException>(() => new Refund("s", "t", "r", TillTime, 1m, "s", "o") { BusinessDay = businessDay }.Validate(Now));

        Assert.Equal(("BusinessDay", "BusinessDay"), (purchase.Field, refund.Field));
        Assert.Contains("2026-12-03", purchase.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refund_names_its_sale_with_a_valid_till_and_a_day_not_after_the_return()
    {
        var refund = new Refund("s", "t", "r", TillTime, 1m, "s", "o");

        refund.Validate(Now);
        (refund with { OriginalTerminalId = "till-2", OriginalBusinessDay = new DateOnly(2026, 11, 30) }).Validate(Now);
        Assert.Equal("OriginalTerminalId", Assert.Throws<InvalidRequestException>(() => (refund with { OriginalTerminalId = "till 2" }).Validate(Now)).Field);
        Assert.Equal("OriginalBusinessDay", Assert.Throws<InvalidRequestException>(() => (refund with { OriginalBusinessDay = new DateOnly(2026, 12, 9) }).Validate(Now)).Field);
    }
}
