using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Liability;

namespace RetentionActors.Domain.Tests;

public sealed class PointValuationTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("0.01")]
    [InlineData("0.000001")]
    [InlineData("0.0050000000")]
    [InlineData("1000")]
    public void Values_from_zero_to_a_thousand_with_six_places_are_accepted(string value) =>
        Assert.Null(PointValuation.Problem(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("-0.000001")]
    [InlineData("1000.000001")]
    [InlineData("0.0000005")]
    public void Negative_huge_or_too_precise_values_are_refused(string value) =>
        Assert.Contains("liability value per point", PointValuation.Problem(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Breakage_is_expired_over_issued_and_undefined_when_nothing_was_issued()
    {
        Assert.Equal(25.5814, PointValuation.BreakagePercent(110, 430));
        Assert.Null(PointValuation.BreakagePercent(390, 0));
    }

    [Theory]
    [InlineData(EntryKind.Purchase, true, LiabilityMovement.Issued)]
    [InlineData(EntryKind.Bonus, true, LiabilityMovement.Issued)]
    [InlineData(EntryKind.Adjustment, true, LiabilityMovement.Issued)]
    [InlineData(EntryKind.Redemption, false, LiabilityMovement.Redeemed)]
    [InlineData(EntryKind.OfflineRedemption, false, LiabilityMovement.Redeemed)]
    [InlineData(EntryKind.DebtRecovery, false, LiabilityMovement.Redeemed)]
    [InlineData(EntryKind.RedemptionReturn, true, LiabilityMovement.Redeemed)]
    [InlineData(EntryKind.Expiry, false, LiabilityMovement.Expired)]
    [InlineData(EntryKind.Refund, false, LiabilityMovement.Reversed)]
    [InlineData(EntryKind.BonusReversal, false, LiabilityMovement.Reversed)]
    [InlineData(EntryKind.Adjustment, false, LiabilityMovement.Reversed)]
    [InlineData(null, true, LiabilityMovement.Issued)]
    [InlineData(null, false, LiabilityMovement.Reversed)]
    public void Every_kind_of_entry_moves_one_figure(EntryKind? kind, bool credit, LiabilityMovement movement) =>
        Assert.Equal(movement, LiabilityMovements.Of(kind, credit));
}
