using RetentionActors.Domain.Mechanics;

namespace RetentionActors.Domain.Tests;

public sealed class ReferralAndBirthdayTests
{
    [Theory]
    [InlineData("ann@example.com", null, "ANN@example.com", null, true)]
    [InlineData(null, "+3161234", "bob@example.com", "+3161234", true)]
    [InlineData("ann@example.com", "+3161234", "bob@example.com", "+3169999", false)]
    [InlineData(null, null, null, null, false)]
    public void A_referral_between_the_same_e_mail_or_phone_is_self_referral(string? email, string? phone, string? referrerEmail, string? referrerPhone, bool same) =>
        Assert.Equal(same, Referral.IsSamePerson(email, phone, referrerEmail, referrerPhone));

    [Fact]
    public void A_customers_referral_code_is_the_first_of_their_candidates_and_stays_what_it_was()
    {
        var candidates = Codes.ReferralCandidates("c2240847").ToList();

        // Codes already handed out must not change: this one was derived by the code before candidates existed.
        Assert.Equal("RVRCGR4UQ", Codes.Referral("c2240847"));
        Assert.Equal(Codes.Referral("c2240847"), candidates[0]);
        Assert.Equal(Codes.ReferralAttempts, candidates.Distinct().Count());
        Assert.All(candidates, code => Assert.Matches("^R[A-HJ-NP-Z2-9]{8}$", code));
        Assert.Equal(candidates, Codes.ReferralCandidates("c2240847"));
        Assert.Empty(candidates.Intersect(Codes.ReferralCandidates("c2754696").Skip(1)));
        Assert.Null(Codes.ReferralToKeep("c2240847", candidates[0]));
        Assert.Equal(candidates[1], Codes.ReferralToKeep("c2240847", candidates[1]));
    }

    [Fact]
    public void The_friend_bonus_is_due_once_on_a_purchase_reaching_the_minimum_when_the_program_gives_either_half()
    {
        var referrerOnly = new Mechanics.Mechanics { ReferrerBonus = 50, ReferralMinimumPurchase = 20m };

        Assert.True(Referral.FriendBonusDue(referrerOnly, owed: true, 20m));
        Assert.False(Referral.FriendBonusDue(referrerOnly, owed: true, 19.99m));
        Assert.False(Referral.FriendBonusDue(referrerOnly, owed: false, 20m));
        Assert.False(Referral.FriendBonusDue(Mechanics.Mechanics.None, owed: true, 20m));
    }

    [Theory]
    [InlineData("2026-03-10T00:00:00Z", new[] { 2026 })]
    [InlineData("2026-03-16T23:59:59Z", new[] { 2026 })]
    [InlineData("2026-03-17T00:00:00Z", new int[0])]
    [InlineData("2026-03-09T23:59:59Z", new int[0])]
    [InlineData("2026-03-09T23:30:00-01:00", new[] { 2026 })]
    public void The_birthday_week_starts_on_the_birthday_by_the_UTC_day(string now, int[] years) =>
        Assert.Equal(years, BirthdayWindow.YearsOpen(new DateOnly(1990, 3, 10), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_late_december_birthday_is_still_open_in_january_for_last_year_and_29_february_falls_on_the_28th()
    {
        Assert.Equal([2025], BirthdayWindow.YearsOpen(new DateOnly(1990, 12, 30), new DateTimeOffset(2026, 1, 3, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal([2027], BirthdayWindow.YearsOpen(new DateOnly(2000, 2, 29), new DateTimeOffset(2027, 2, 28, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal("birthday/2027", BirthdayWindow.Key(2027));
    }
}
