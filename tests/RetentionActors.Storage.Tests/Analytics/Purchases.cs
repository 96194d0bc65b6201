using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>Customers and their purchases written as the customer grains write them, for the tests of kept counts.</summary>
internal static class Purchases
{
    /// <summary>Customers prefix-0.. who last bought at last(i), every other one also daysBefore + i days before.</summary>
    public static Task BuyAsync(SqlDatabase database, string prefix, int customers, Func<int, DateTimeOffset> last, int daysBefore) =>
        new SqlCustomerStore(database).CommitAsync([.. Enumerable.Range(0, customers).Select(i => new CustomerCommit($"{prefix}-{i}", Document(),
            i % 2 == 0 ? [Entry(1, last(i))] : [Entry(1, last(i).AddDays(-daysBefore - i)), Entry(2, last(i))], null, null))],
            TestContext.Current.CancellationToken);

    /// <summary>One ledger entry of a new customer, or of one already there.</summary>
    public static Task CommitAsync(SqlDatabase database, string customer, LedgerEntry entry, bool existing = false) =>
        new SqlCustomerStore(database).CommitAsync([new CustomerCommit(customer, existing ? null : Document(), [entry], null, null)],
            TestContext.Current.CancellationToken);

    /// <summary>
    /// Waits past midnight UTC when the day is about to end: tests that compare the database's closed day (two days before
    /// its clock) with days they computed before would otherwise see it move in the middle.
    /// </summary>
    public static async Task AwayFromMidnightAsync()
    {
        var left = TimeSpan.FromDays(1) - DateTimeOffset.UtcNow.TimeOfDay;
        if (left < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(left + TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        }
    }

    public static CustomerDocument Document() =>
        new(new CustomerProfile("M"), new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), [], 1);

    public static LedgerEntry Entry(int seq, DateTimeOffset at, EntryKind kind = EntryKind.Purchase, decimal amount = 10m) => new()
    {
        Seq = seq,
        Kind = kind,
        Points = kind == EntryKind.Purchase ? 10 : -5,
        Amount = amount,
        BalanceAfter = 10 * seq,
        IdempotencyKey = $"m-{seq}-{kind}",
        OccurredAt = at,
        RecordedAt = at,
    };
}
