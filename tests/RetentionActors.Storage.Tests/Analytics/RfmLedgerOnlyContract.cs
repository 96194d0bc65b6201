using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>
/// A customer with ledger rows but no customers row (nothing enforces one) is scored, counted and listed like any other
/// buyer: the quintile thresholds count every buyer in the totals, so the buyers counted and listed must be the same set,
/// else the scores would be quintiles of buyers nobody sees.
/// </summary>
public abstract class RfmLedgerOnlyContract
{
    private static readonly DateTimeOffset Now = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract SqlDatabase Database { get; }

    [Fact]
    public async Task A_ledger_only_customer_is_in_the_counts_the_pages_and_the_scores_alike()
    {
        var cancel = TestContext.Current.CancellationToken;
        ICustomerStore store = new SqlCustomerStore(Database);
        for (var i = 0; i < 6; i++)
        {
            await store.CommitAsync(Buyer(i), cancel);
        }
        var at = Now.AddDays(-1);
        await Database.Writer.WriteAsync(writer => writer.Command("""
            INSERT INTO ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, occurred_at, occurred_utc, recorded_utc)
            VALUES ('a-ghost', 1, 'Purchase', 1, 500, 1, 'ghost-1', '2019-12-31T00:00:00.0000000+00:00', @at, @at)
            """).With("at", Database.Utc(at)).ExecuteNonQuery());
        var totals = (await OldDefinitions.TotalsAsync(Database)).Append(new OldDefinitions.Totals("a-ghost", "", at, at, 1, 500m))
            .OrderBy(t => t.CustomerId, StringComparer.Ordinal).ToList();
        var (segments, customers) = OldDefinitions.Rfm(totals, Now);
        var rfm = new SqlRfmSegments(Database);

        var counts = await rfm.CountsAsync(cancel);
        var paged = new List<RfmCustomer>();
        foreach (var segment in rfm.SegmentNames)
        {
            paged.AddRange(await rfm.SegmentPageAsync(segment, null, 100, Now, cancel));
        }

        Assert.Equal(7, counts.Sum(c => c.Customers));
        Assert.Equal(segments, counts.Select(s => (s.Segment, s.Customers)));
        Assert.Equal(customers, paged.OrderBy(c => c.CustomerId, StringComparer.Ordinal)
            .Select(c => new OldDefinitions.Scored(c.CustomerId, c.DisplayName, c.RecencyDays, c.Frequency, c.Monetary, c.R, c.F, c.M, c.Segment)));
    }

    private static CustomerCommit Buyer(int i)
    {
        var last = Now.AddDays(-new[] { 3, 30, 300 }[i % 3]);
        var entries = new List<LedgerEntry>();
        for (var p = 1 + i % 2; p > 0; p--)
        {
            entries.Add(new LedgerEntry
            {
                Seq = entries.Count + 1, Kind = EntryKind.Purchase, Points = 1, Amount = 10m + i, BalanceAfter = entries.Count + 1,
                IdempotencyKey = $"g-{entries.Count + 1}", OccurredAt = last.AddDays(-p + 1), RecordedAt = last,
            });
        }
        var document = new CustomerDocument(new CustomerProfile($"G {i}"), Now.AddYears(-2), [], 1);
        return new CustomerCommit($"g-{i:D2}", document, entries, null, null);
    }
}

public sealed class SqliteRfmLedgerOnlyTests(SqliteFixture fixture) : RfmLedgerOnlyContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

public sealed class PostgresRfmLedgerOnlyTests(PostgresFixture fixture) : RfmLedgerOnlyContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();
}
