using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>
/// A few thousand customers written through the customer store, with ties on purpose (last purchases 400 days apart at
/// most, seven amounts, four purchase counts), refunds, customers who never bought, NPS answers in their documents,
/// and five win-back coupons (one redeemed). Large enough that a query reading every customer shows in the row count.
/// </summary>
internal static class AnalyticsPopulation
{
    public const int Customers = 3000;

    public static readonly DateTimeOffset Now = new(2018, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly string[] WinBackCustomers = ["q-0001", "q-0002", "q-0003", "q-0004", "q-0005"];

    public static readonly DateTimeOffset WinBackIssued = new(2016, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Id(int i) => $"q-{i:D4}";

    /// <summary>The NPS answers the documents hold.</summary>
    public static IReadOnlyList<Feedback> Answers(int i) => i % 3 != 0 ? [] :
    [
        new Feedback($"fb-{i}", i % 11, new DateTimeOffset(2016, 1 + i % 12, 15, 10, 0, 0, TimeSpan.FromHours(2)), "s1"),
        .. i % 9 == 0 ? [new Feedback($"fb2-{i}", 10 - i % 11, new DateTimeOffset(2017, 2, 1, 0, 30, 0, TimeSpan.Zero))] : Array.Empty<Feedback>(),
    ];

    public static async Task SeedAsync(SqlDatabase database)
    {
        var store = new SqlCustomerStore(database);
        foreach (var chunk in Enumerable.Range(0, Customers).Chunk(500))
        {
            await store.CommitAsync([.. chunk.Select(Commit)], TestContext.Current.CancellationToken);
        }
        var winBacks = new SqlWinBackStore(database);
        foreach (var customer in WinBackCustomers)
        {
            await winBacks.RecordIssuedAsync("q-campaign", customer, "CODE-" + customer, WinBackIssued);
        }
        // The coupon grains' stored state: the first coupon was used, the second was not (the others have no state yet).
        await database.Writer.WriteAsync(w =>
        {
            foreach (var (code, redeemed) in new[] { ("CODE-q-0001", "\"2016-07-01T00:00:00+00:00\""), ("CODE-q-0002", "null") })
            {
                w.Command("INSERT INTO grain_state (state_name, grain_id, etag, payload, updated_utc) VALUES ('coupon', @grain, 1, @payload, @now)")
                    .With("grain", "coupon/" + code)
                    .With("payload", $$$"""{"coupon":{"code":"{{{code}}}","redeemedAt":{{{redeemed}}}}}""")
                    .With("now", database.Utc(Now))
                    .ExecuteNonQuery();
            }
        });
    }

    private static CustomerCommit Commit(int i)
    {
        var document = new CustomerDocument(new CustomerProfile("Q " + i, i % 5 == 0 ? $"q{i}@example.com" : null), new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), [], 1)
        {
            Feedback = Answers(i),
        };
        return new CustomerCommit(Id(i), document, Entries(i), null, null);
    }

    private static List<LedgerEntry> Entries(int i)
    {
        var entries = new List<LedgerEntry>();
        if (i % 50 == 49)
        {
            return entries; // enrolled, never bought
        }
        var last = new DateTimeOffset(2016, 1, 1, 12, 0, 0, TimeSpan.Zero).AddDays(i % 400);
        var purchases = 1 + i % 4;
        for (var p = purchases - 1; p >= 0; p--)
        {
            entries.Add(Entry(entries.Count + 1, EntryKind.Purchase, 10 * (1 + (i + p) % 7) + (i % 3 == 0 ? 0.25m : 0m), last.AddDays(-30 * p)));
        }
        if (i % 10 == 0)
        {
            entries.Add(Entry(entries.Count + 1, EntryKind.Refund, i % 20 == 0 ? -5m : 5m, last.AddHours(1)));
        }
        return entries;
    }

    private static LedgerEntry Entry(int seq, EntryKind kind, decimal amount, DateTimeOffset at) => new()
    {
        Seq = seq,
        Kind = kind,
        Points = kind == EntryKind.Purchase ? 10 : -5,
        Amount = amount,
        BalanceAfter = 10 * seq,
        IdempotencyKey = $"q-{seq}",
        OccurredAt = at,
        RecordedAt = at,
    };
}
