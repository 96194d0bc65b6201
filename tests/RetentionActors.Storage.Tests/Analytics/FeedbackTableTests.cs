using RetentionActors.Contracts.Customers;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Tests.Analytics;

/// <summary>NPS answers reach the <c>feedback</c> table with the document that records them, and the migration copies those an older build kept only in documents.</summary>
public sealed class FeedbackTableTests
{
    // Two customers as an older build wrote them: one with two answers (one given at +02:00), one with none, one with null.
    private const string OlderCustomers = """
        INSERT INTO customers (customer_id, version, display_name, email, phone, enrolled_at, document) VALUES
        ('fbm-1', 1, 'One', NULL, NULL, '2019-01-01T00:00:00.0000000Z',
         '{"profile":{"displayName":"One"},"enrolledAt":"2019-01-01T00:00:00+00:00","cards":[],"version":1,"feedback":[{"reference":"k1","score":10,"at":"2019-03-01T01:30:00+02:00","storeId":"s1"},{"reference":"k2","score":4,"at":"2019-03-31T23:59:59.5+00:00","storeId":null}]}'),
        ('fbm-2', 1, 'Two', NULL, NULL, '2019-01-01T00:00:00.0000000Z', '{"profile":{"displayName":"Two"},"enrolledAt":"2019-01-01T00:00:00+00:00","cards":[],"version":1,"feedback":[]}'),
        ('fbm-3', 1, 'Three', NULL, NULL, '2019-01-01T00:00:00.0000000Z', '{"profile":{"displayName":"Three"},"enrolledAt":"2019-01-01T00:00:00+00:00","cards":[],"version":1,"feedback":null}');
        """;

    [Fact]
    public Task Sqlite_migration_copies_the_answers_documents_hold() =>
        OlderBuildDatabases.SqliteAsync(StepsBefore(SqliteSchema.Steps), OlderCustomers, AssertCopiedAsync);

    [Fact]
    public Task Postgres_migration_copies_the_answers_documents_hold() =>
        OlderBuildDatabases.PostgresAsync(StepsBefore(PostgresSchema.Steps), OlderCustomers.Replace("'2019-01-01T00:00:00.0000000Z'", "'2019-01-01T00:00:00Z'", StringComparison.Ordinal), AssertCopiedAsync);

    [Fact]
    public async Task Answers_are_written_with_the_document_once_each()
    {
        var folder = Directory.CreateTempSubdirectory("retention-feedback-").FullName;
        try
        {
            await using var database = new SqliteDatabase(Path.Combine(folder, "retention.db"));
            ICustomerStore store = new SqlCustomerStore(database);
            var first = new Feedback("a1", 9, new DateTimeOffset(2019, 5, 31, 23, 0, 0, TimeSpan.FromHours(-2)));
            var document = new CustomerDocument(new CustomerProfile("Fb"), new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero), [], 1) { Feedback = [first] };
            await store.CommitAsync(new CustomerCommit("fbw-1", document, [], null, null), TestContext.Current.CancellationToken);
            await store.CommitAsync(new CustomerCommit("fbw-1", document with { Version = 2, Feedback = [first, new Feedback("a2", 2, new DateTimeOffset(2019, 6, 2, 0, 0, 0, TimeSpan.Zero))] }, [], null, null),
                TestContext.Current.CancellationToken);
            await store.CommitAsync(new CustomerCommit("fbw-1", document with { Version = 3, Feedback = [first, new Feedback("a2", 2, new DateTimeOffset(2019, 6, 2, 0, 0, 0, TimeSpan.Zero))] }, [], null, null),
                TestContext.Current.CancellationToken);

            var months = await new SqlNpsAnswers(database).MonthsAsync(TestContext.Current.CancellationToken);

            // The first answer was given on 1 June in UTC; both fall in June, each counted once.
            Assert.Equal([new NpsMonthCount(new DateOnly(2019, 6, 1), 2, 1, 1)], months);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task AssertCopiedAsync(SqlDatabase database)
    {
        var months = await new SqlNpsAnswers(database).MonthsAsync(TestContext.Current.CancellationToken);

        // k1 was given at 23:30 UTC on 28 February.
        Assert.Equal([new NpsMonthCount(new DateOnly(2019, 2, 1), 1, 1, 0), new NpsMonthCount(new DateOnly(2019, 3, 1), 1, 0, 1)], months);
    }

    // The database as it was before the step that creates the feedback table (found by what it does, not by its number).
    private static int StepsBefore(IReadOnlyList<string> steps)
    {
        var step = steps.ToList().FindIndex(s => s.Contains("CREATE TABLE feedback", StringComparison.Ordinal));
        Assert.True(step > 0, "no step creates the feedback table");
        return step;
    }
}
