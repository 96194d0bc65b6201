using System.Globalization;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// The home page's trend of what waits for a person, derived from the rows' times as of 2011-03-15 12:00 UTC (days from
/// 2011-02-01): tills' dead letters open at each day's end, and webhook events given up on each day.
/// <code>
/// dead letter  reported     resolved      open at the end of
/// c            2011-01-20   2011-02-03    02-01, 02-02 (arrived before the first day shown)
/// a            2011-02-10   2011-03-02    02-10 to 03-01
/// b            2011-03-14   —             03-14, 03-15
/// d            2011-03-16   —             after today: none of the days shown
/// webhook events given up on: two on 02-20, one on 03-15, one on 03-16 (after today)
/// </code>
/// </summary>
public abstract class GlanceWorkDaysContract
{
    protected abstract SqlDatabase Database { get; }

    [Fact]
    public async Task Open_dead_letters_per_day_end_and_webhook_events_given_up_per_day_are_derived_from_the_rows_times()
    {
        await AddDeadLetterAsync("c", "2011-01-20T09:00:00Z", "2011-02-03T09:00:00Z");
        await AddDeadLetterAsync("a", "2011-02-10T09:00:00Z", "2011-03-02T09:00:00Z");
        await AddDeadLetterAsync("b", "2011-03-14T09:00:00Z", null);
        await AddDeadLetterAsync("d", "2011-03-16T09:00:00Z", null);
        await AddWebhookDeadLettersAsync("2011-02-20T08:00:00Z", "2011-02-20T09:00:00Z", "2011-03-15T09:00:00Z", "2011-03-16T09:00:00Z");

        var glance = await new SqlProgramGlance(Database).ReadAsync(At("2011-03-15T12:00:00Z"), TestContext.Current.CancellationToken);

        var days = Enumerable.Range(0, 43).Select(i => new DateOnly(2011, 2, 1).AddDays(i)).ToArray(); // 02-01 to 03-15
        Assert.Equal(days, glance.WorkDays.Select(w => w.Day));
        long Open(DateOnly day) => day <= new DateOnly(2011, 2, 2) || (day >= new DateOnly(2011, 2, 10) && day <= new DateOnly(2011, 3, 1))
            || day >= new DateOnly(2011, 3, 14) ? 1 : 0;
        long GivenUp(DateOnly day) => day == new DateOnly(2011, 2, 20) ? 2 : day == new DateOnly(2011, 3, 15) ? 1 : 0;
        Assert.Equal(days.Select(d => new GlanceWorkDay(d, Open(d), GivenUp(d))), glance.WorkDays);
    }

    private Task AddDeadLetterAsync(string receipt, string reported, string? resolved) => Database.Writer.WriteAsync(writer => writer.Command("""
        INSERT INTO dead_letters (store_id, terminal_id, business_day, receipt_id, card_id, amount, occurred_at, reason_code, message,
                                  since_utc, attempts, reported_utc, status, resolved_utc)
        VALUES ('s1', 't1', '2011-01-01', @receipt, 'nfc:01', 10, '2011-01-01T09:00:00+00:00', 'invalid', 'refused',
                @reported, 1, @reported, @status, @resolved)
        """)
        .With("receipt", receipt)
        .With("reported", Database.Utc(At(reported)))
        .With("status", resolved is null ? "Open" : "Dismissed")
        .With("resolved", resolved is null ? DBNull.Value : Database.Utc(At(resolved)))
        .ExecuteNonQuery());

    private Task AddWebhookDeadLettersAsync(params string[] failed) => Database.Writer.WriteAsync(writer =>
    {
        for (var i = 0; i < failed.Length; i++)
        {
            writer.Command("""
                INSERT INTO webhook_dead_letters (subscription_id, position, event_id, attempts, last_error, failed_utc)
                VALUES ('w1', @position, @event, 5, 'refused', @failed)
                """)
                .With("position", (long)i + 1).With("event", "e" + i).With("failed", Database.Utc(At(failed[i]))).ExecuteNonQuery();
        }
    });

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}

public sealed class SqliteGlanceWorkDaysTests(SqliteFixture fixture) : GlanceWorkDaysContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

public sealed class PostgresGlanceWorkDaysTests(PostgresFixture fixture) : GlanceWorkDaysContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();
}
