using RetentionActors.Domain.Mechanics;

namespace RetentionActors.Domain.Tests;

public sealed class CampaignBudgetTests
{
    [Theory]
    [InlineData(100, 0, 30, false, 30)]
    [InlineData(100, 80, 30, false, 20)]  // what is left
    [InlineData(100, 100, 30, false, 0)]
    [InlineData(100, 120, 30, false, 0)]  // over budget (a smaller budget set later): nothing, never negative
    [InlineData(3, 2, 1, true, 1)]        // a gift while stock lasts
    [InlineData(3, 3, 1, true, 0)]
    [InlineData(100, 80, 30, true, 0)]    // all or nothing
    public void A_purchase_gets_what_is_left_up_to_what_it_wants(long budget, long given, long wanted, bool allOrNothing, long granted) =>
        Assert.Equal(granted, CampaignBudget.Grant(budget, given, wanted, allOrNothing));

    [Theory]
    [InlineData(50, 10, 10)]
    [InlineData(5, 10, 5)] // never more than was given
    [InlineData(0, 10, 0)]
    public void A_return_gives_back_at_most_what_was_given(long given, long amount, long released) =>
        Assert.Equal(released, CampaignBudget.Release(given, amount));

    [Fact]
    public void Negative_amounts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CampaignBudget.Grant(100, 0, -1, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => CampaignBudget.Release(10, -1));
    }
}
