using System.Globalization;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// Pending points under two versions of the program (10 pending days until 2010-06-01, 40 from then), on the ledger as the
/// store writes it. One customer, all at 12:00 UTC:
/// <code>
/// 1 2010-05-25 +100 purchase        (v1: pending to 06-04)
/// 2 2010-06-02  +50 purchase        (v2: pending to 07-12)
/// 3 2010-06-03  -20 refund          draws 20 from lot 2
/// 4 2010-06-10  -30 adjustment      draws 30 from lot 1
/// 5 2010-06-10   +7 bonus           never pending
/// </code>
/// </summary>
public abstract class PointsLiabilityContract
{
    protected abstract SqlDatabase Database { get; }

    private static readonly PendingPeriod[] s_versions =
    [
        new(null, At("2010-06-01T00:00:00Z"), 10),
        new(At("2010-06-01T00:00:00Z"), null, 40),
    ];

    [Fact]
    public async Task Pending_points_follow_the_version_each_lot_was_earned_under_less_what_was_drawn_from_them()
    {
        var entries = new List<LedgerEntry>
        {
            Entry(1, EntryKind.Purchase, 100, 100, "2010-05-25"),
            Entry(2, EntryKind.Purchase, 50, 150, "2010-06-02"),
            Entry(3, EntryKind.Refund, -20, 130, "2010-06-03") with { Draws = [new LotDraw(2, 20)] },
            Entry(4, EntryKind.Adjustment, -30, 100, "2010-06-10") with { Draws = [new LotDraw(1, 30)] },
            Entry(5, EntryKind.Bonus, 7, 107, "2010-06-10"),
        };
        ICustomerStore store = new SqlCustomerStore(Database);
        await store.CommitAsync(
            new CustomerCommit("pl-1", new CustomerDocument(new("Pending Lots"), DateTimeOffset.UtcNow, [], 1), entries, null, null), TestContext.Current.CancellationToken);

        var figures = await new SqlPointsLiability(Database).AtAsync(
            [.. new[] { "2010-06-04", "2010-06-05", "2010-06-11", "2010-07-12", "2010-07-13" }.Select(d => At(d + "T00:00:00Z"))],
            s_versions, TestContext.Current.CancellationToken);

        Assert.Equal(
            [
                (130L, 130L), // both lots pending; lot 2 less its refund
                (130L, 30L),  // lot 1's 10 days are over
                (107L, 30L),  // lot 1's adjustment changes nothing pending; the bonus never was
                (107L, 30L),  // lot 2 pending until 12:00 on 07-12
                (107L, 0L),
            ],
            figures.Select(f => (f.Outstanding, f.Pending)));
        Assert.Equal((157L, 0L, 0L, 50L), (figures[^1].Issued, figures[^1].Redeemed, figures[^1].Expired, figures[^1].Reversed));
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static LedgerEntry Entry(long seq, EntryKind kind, long points, long balance, string day) => new()
    {
        Seq = seq,
        Kind = kind,
        Points = points,
        BalanceAfter = balance,
        IdempotencyKey = "pl-" + seq,
        OccurredAt = At(day + "T12:00:00Z"),
        RecordedAt = At(day + "T12:00:00Z"),
    };
}

public sealed class SqlitePointsLiabilityTests(SqliteFixture fixture) : PointsLiabilityContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

public sealed class PostgresPointsLiabilityTests(PostgresFixture fixture) : PointsLiabilityContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();
}
