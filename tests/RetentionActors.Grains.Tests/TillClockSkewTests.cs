using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Grains.Tests.Fixtures;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// A till's clock, measured from the time it sends a sale: within the program's allowed skew the sale is booked, beyond it
/// the sale is declined saying by how much the clock is off, and nothing is written.
/// </summary>
public abstract class TillClockSkewTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);
    private readonly IProgramGrain _program = fixture.Client.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);

    [Fact]
    public async Task A_sale_sent_by_a_till_two_days_ahead_is_declined_with_the_measured_skew_and_writes_nothing()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        var tillNow = DateTimeOffset.UtcNow.AddDays(2);

        var result = await card.EarnAsync(new Purchase("store-1", "till-1", "SKEW-1", tillNow.AddHours(-5), 20m) { SentAt = tillNow });

        Assert.Equal(DeclineReason.TillClockSkew, result.Declined?.Reason);
        Assert.StartsWith("the till's clock is 2 days 0 h ahead of the cluster", result.Declined!.Message, StringComparison.Ordinal);
        Assert.InRange(result.Declined.ClockSkew!.Value, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(2));
        Assert.Empty(await customer.GetLedgerAsync());
        Assert.Equal(0, (await customer.GetAsync())!.VisitCount);
    }

    [Theory]
    [InlineData(-4)]
    [InlineData(6)]
    public async Task A_till_a_few_minutes_off_is_booked_also_for_a_sale_it_kept_offline_for_a_day(int minutesOff)
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        var tillNow = DateTimeOffset.UtcNow.AddMinutes(minutesOff);
        var receipt = NewId("OFF");

        var queued = await card.EarnAsync(new Purchase("store-1", "till-1", receipt + "-1", tillNow.AddDays(-1), 10m) { SentAt = tillNow });
        var now = await card.EarnAsync(new Purchase("store-1", "till-1", receipt + "-2", tillNow, 10m) { SentAt = tillNow });

        Assert.True(queued.IsAccepted && now.IsAccepted, queued.Declined?.Message ?? now.Declined?.Message);
        Assert.Equal(2, (await customer.GetLedgerAsync()).Count);
    }

    [Fact]
    public async Task A_sale_from_an_older_terminal_is_refused_only_when_its_time_is_too_far_ahead()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();

        var late = await card.EarnAsync(Purchase("OLD-1", 10m) with { OccurredAt = DateTimeOffset.UtcNow.AddDays(-3) });
        var ahead = await card.EarnAsync(Purchase("OLD-2", 10m) with { OccurredAt = DateTimeOffset.UtcNow.AddDays(2) });

        Assert.True(late.IsAccepted, late.Declined?.Message);
        Assert.Equal(DeclineReason.TillClockSkew, ahead.Declined?.Reason);
        Assert.Contains("2 days 0 h ahead of the cluster", ahead.Declined!.Message, StringComparison.Ordinal);
        Assert.Equal(["OLD-1"], (await customer.GetLedgerAsync()).Select(e => e.ReceiptId));
    }

    [Fact]
    public async Task A_sale_booked_before_is_answered_from_the_ledger_even_when_the_clock_went_wrong_since()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        var sale = Purchase("REPLAY-1", 10m);
        var first = await card.EarnAsync(sale with { SentAt = DateTimeOffset.UtcNow });

        var again = await card.EarnAsync(sale with { SentAt = DateTimeOffset.UtcNow.AddDays(3) });

        Assert.True(again.Replayed);
        Assert.Equal(first.PointsEarned, again.PointsEarned);
        Assert.Single(await customer.GetLedgerAsync());
    }

    [Fact]
    public async Task The_allowed_skew_is_the_programs_and_is_validated()
    {
        var (customer, card, _, _) = await _shop.EnrolledWithCardAsync();
        var before = await _program.GetAsync();
        try
        {
            await _program.UpdateAsync(TestClusters.Program with { MaxTillClockSkewMinutes = 5 }, "op-clocks");
            var tillNow = DateTimeOffset.UtcNow.AddMinutes(10);

            var declined = await card.EarnAsync(new Purchase("store-1", "till-1", "TIGHT-1", tillNow, 10m) { SentAt = tillNow });
            var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => _program.UpdateAsync(TestClusters.Program with { MaxTillClockSkewMinutes = 0 }, "op-clocks"));

            Assert.Equal(DeclineReason.TillClockSkew, declined.Declined?.Reason);
            Assert.Contains("10 min ahead", declined.Declined!.Message, StringComparison.Ordinal);
            Assert.Contains("till clock skew", refused.Message, StringComparison.Ordinal);
            Assert.Equal(5, (await _program.GetAsync()).Settings.MaxTillClockSkewMinutes);
            Assert.Empty(await customer.GetLedgerAsync());
        }
        finally
        {
            await _program.UpdateAsync(TestClusters.Program, "test-cleanup");
        }
        Assert.Equal(90, before.Settings.MaxTillClockSkewMinutes);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class TillClockSkewOnSqlite(SqliteClusterFixture fixture) : TillClockSkewTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class TillClockSkewOnPostgres(PostgresClusterFixture fixture) : TillClockSkewTests(fixture);
