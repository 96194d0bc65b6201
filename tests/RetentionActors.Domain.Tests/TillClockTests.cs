using RetentionActors.Contracts;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Clocks;
using RetentionActors.Domain.Mechanics;

namespace RetentionActors.Domain.Tests;

public sealed class TillClockTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Allowed = TimeSpan.FromMinutes(90);

    [Fact]
    public void A_sale_sent_by_a_till_two_days_ahead_is_refused_saying_by_how_much_and_which_way()
    {
        var sent = Now.AddDays(2);

        var verdict = TillClock.Judge(sent.AddHours(-20), sent, Now, Allowed);

        Assert.NotNull(verdict);
        Assert.Equal(TimeSpan.FromDays(2), verdict.Skew);
        Assert.StartsWith("the till's clock is 2 days 0 h ahead of the cluster", verdict.Message, StringComparison.Ordinal);
        Assert.EndsWith("fix the till's clock; the sale is kept for correction", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_till_whose_clock_is_behind_is_refused_as_behind()
    {
        var verdict = TillClock.Judge(Now.AddHours(-30), Now.AddHours(-3).AddMinutes(-12), Now, Allowed);

        Assert.Equal(TimeSpan.FromMinutes(-192), verdict!.Skew);
        Assert.StartsWith("the till's clock is 3 h 12 min behind the cluster", verdict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-89)]
    [InlineData(-5)]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(90)]
    public void A_till_a_few_minutes_off_is_accepted_also_for_a_sale_queued_days_ago(int minutesOff)
    {
        var sent = Now.AddMinutes(minutesOff);

        Assert.Null(TillClock.Judge(sent.AddDays(-3), sent, Now, Allowed));
        Assert.Null(TillClock.Judge(sent, sent, Now, Allowed));
    }

    [Fact]
    public void Just_beyond_the_allowed_skew_is_refused()
    {
        Assert.NotNull(TillClock.Judge(Now, Now.AddMinutes(90).AddSeconds(1), Now, Allowed));
        Assert.NotNull(TillClock.Judge(Now, Now.AddMinutes(-90).AddSeconds(-1), Now, Allowed));
    }

    [Fact]
    public void Without_the_sending_time_only_a_sale_time_too_far_ahead_is_refused()
    {
        Assert.Null(TillClock.Judge(Now.AddDays(-40), null, Now, Allowed));
        Assert.Null(TillClock.Judge(Now.AddMinutes(80), null, Now, Allowed));

        var ahead = TillClock.Judge(Now.AddDays(2), null, Now, Allowed);

        Assert.Equal(TimeSpan.FromDays(2), ahead!.Skew);
        Assert.Contains("is 2 days 0 h ahead of the cluster", ahead.Message, StringComparison.Ordinal);
        Assert.Contains("the sale is kept for correction", ahead.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sale_rung_up_ahead_is_refused_even_when_the_clock_was_put_right_before_sending()
    {
        var verdict = TillClock.Judge(Now.AddDays(1), Now, Now, Allowed);

        Assert.Equal(TimeSpan.FromDays(1), verdict!.Skew);
        Assert.Contains("was ahead when it was rung up", verdict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2 * 24 * 60, "2 days 0 h")]
    [InlineData(25 * 60 + 5, "1 day 1 h")]
    [InlineData(3 * 60 + 12, "3 h 12 min")]
    [InlineData(7, "7 min")]
    [InlineData(-7, "7 min")]
    [InlineData(2 * 24 * 60 - 1, "2 days 0 h")]
    [InlineData(59, "59 min")]
    public void Skews_read_as_people_say_them(int minutes, string expected) =>
        Assert.Equal(expected, TillClock.Describe(TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(24 * 60 + 1)]
    public void The_allowed_skew_is_one_minute_to_a_day(int minutes)
    {
        var problems = new Mechanics.Mechanics { MaxTillClockSkewMinutes = minutes }.Problems();

        Assert.Contains(problems, p => p.Contains("till clock skew", StringComparison.Ordinal));
        Assert.Empty(new Mechanics.Mechanics { MaxTillClockSkewMinutes = 1 }.Problems());
        Assert.Empty(new Mechanics.Mechanics { MaxTillClockSkewMinutes = 24 * 60 }.Problems());
        Assert.Equal(90, new Mechanics.Mechanics().MaxTillClockSkewMinutes);
    }

    [Fact]
    public void A_purchase_days_ahead_is_no_longer_malformed_but_an_absurd_time_still_is()
    {
        new Purchase("s", "t", "r", Now.AddDays(2), 1m).Validate(Now);

        var absurd = Assert.Throws<InvalidRequestException>(() => new Purchase("s", "t", "r", Now.AddYears(2), 1m).Validate(Now));
        var ancient = Assert.Throws<InvalidRequestException>(() => new Purchase("s", "t", "r", new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero), 1m).Validate(Now));
        var sentAbsurd = Assert.Throws<InvalidRequestException>(() => new Purchase("s", "t", "r", Now, 1m) { SentAt = Now.AddYears(5) }.Validate(Now));

        Assert.Equal(("OccurredAt", "OccurredAt", "SentAt"), (absurd.ParamName, ancient.ParamName, sentAbsurd.ParamName));
    }

    [Fact]
    public void Redemptions_and_refunds_more_than_a_day_ahead_stay_refused()
    {
        var redemption = Assert.Throws<InvalidRequestException>(() => new Redemption("s", "t", "r", Now.AddDays(2), 1).Validate(Now));
        var refund = Assert.Throws<InvalidRequestException>(() => new Refund("s", "t", "r", Now.AddDays(2), 1m, "s", "o").Validate(Now));

        Assert.Contains("check the till's clock", redemption.Message, StringComparison.Ordinal);
        Assert.Equal("OccurredAt", refund.ParamName);
    }

    [Fact]
    public void A_corrected_sale_keeps_its_business_day_checked_against_the_tills_original_time()
    {
        var tillTime = Now.AddDays(2);
        var corrected = new Purchase("s", "t", "r", Now, 1m) { BusinessDay = TillDay.Of(tillTime), ClockCorrection = TimeSpan.FromDays(-2) };

        corrected.Validate(Now);

        Assert.Equal(tillTime, corrected.TillTime);
        Assert.Equal(TillDay.Of(tillTime), corrected.Day);
        Assert.Throws<InvalidRequestException>(() => (corrected with { ClockCorrection = null }).Validate(Now));
        Assert.Throws<InvalidRequestException>(() => (corrected with { ClockCorrection = TimeSpan.Zero }).Validate(Now));
    }
}
