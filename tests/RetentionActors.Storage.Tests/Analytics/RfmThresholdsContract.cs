using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>
/// RFM scored by comparing with quintile thresholds gives the scores of ranking every buyer (the old definitions), for
/// every number of buyers from 1 to 13 (quintile edges falling between and on customers) and values mostly tied.
/// </summary>
public abstract class RfmThresholdsContract
{
    private static readonly DateTimeOffset Now = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract SqlDatabase Database { get; }

    [Fact]
    public async Task Scores_equal_the_ranked_scores_for_each_number_of_buyers()
    {
        var cancel = TestContext.Current.CancellationToken;
        ICustomerStore store = new SqlCustomerStore(Database);
        var rfm = new SqlRfmSegments(Database);
        await using (var none = await rfm.ReadAsync(Now, cancel))
        {
            Assert.Empty(none.Segments);
        }

        for (var i = 0; i < 13; i++)
        {
            await store.CommitAsync(Buyer(i), cancel);
            var (segments, customers) = OldDefinitions.Rfm(await OldDefinitions.TotalsAsync(Database), Now);

            await using var reading = await rfm.ReadAsync(Now, cancel);
            var read = new List<RfmCustomer>();
            await foreach (var customer in reading.Customers.WithCancellation(cancel))
            {
                read.Add(customer);
            }

            Assert.Equal(segments, reading.Segments.Select(s => (s.Segment, s.Customers)));
            Assert.Equal(customers, read.Select(c => new OldDefinitions.Scored(c.CustomerId, c.DisplayName, c.RecencyDays, c.Frequency, c.Monetary, c.R, c.F, c.M, c.Segment)));
        }
    }

    // Three last-purchase days, two purchase counts, three spends (one a refund below another): ties everywhere.
    private static CustomerCommit Buyer(int i)
    {
        var last = Now.AddDays(-new[] { 3, 30, 3, 300 }[i % 4]);
        var entries = new List<LedgerEntry>();
        for (var p = 1 + i % 2; p > 0; p--)
        {
            entries.Add(Entry(entries.Count + 1, EntryKind.Purchase, i % 3 == 0 ? 10m : 12.5m, last.AddDays(-p + 1)));
        }
        if (i % 5 == 4)
        {
            entries.Add(Entry(entries.Count + 1, EntryKind.Refund, -2.5m, last));
        }
        var document = new CustomerDocument(new CustomerProfile($"T {i}"), Now.AddYears(-2), [], 1);
        return new CustomerCommit($"t-{i:D2}", document, entries, null, null);
    }

    private static LedgerEntry Entry(int seq, EntryKind kind, decimal amount, DateTimeOffset at) => new()
    {
        Seq = seq,
        Kind = kind,
        Points = 1,
        Amount = amount,
        BalanceAfter = seq,
        IdempotencyKey = $"t-{seq}",
        OccurredAt = at,
        RecordedAt = at,
    };
}

public sealed class SqliteRfmThresholdsTests(SqliteFixture fixture) : RfmThresholdsContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

public sealed class PostgresRfmThresholdsTests(PostgresFixture fixture) : RfmThresholdsContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();
}
