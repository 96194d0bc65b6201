using RetentionActors.Contracts;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Domain.Tests;

/// <summary>The largest and smallest numbers a client can send are refused as bad input, not turned into an overflow (a 500).</summary>
public sealed class ExtremeNumbersTests
{
    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(-100_000_001L)]
    public void An_adjustment_beyond_the_limit_either_way_is_refused_as_invalid(long points)
    {
        var refused = Assert.Throws<InvalidRequestException>(() => new Adjustment("ref-1", points, "goodwill", "ops").Validate());

        Assert.Equal(nameof(Adjustment.Points), refused.ParamName);
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void A_dead_letter_shift_beyond_a_year_either_way_is_refused_as_invalid(long minutes)
    {
        var correction = new DeadLetterCorrection(new DateOnly(2026, 12, 3), "r-1", "ops") { ShiftMinutes = minutes };

        Assert.Throws<InvalidRequestException>(correction.Validate);
    }
}
