namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// The program's figures for the home page, read in one snapshot: every day from <see cref="From"/> to the day asked for
/// (days with nothing are left out); members who bought in the last 30 and 90 days and in the 30 and 90 days before
/// those; what waits for a person: open dead letters of tills, webhook events given up on, subscriptions failing now; and
/// <see cref="WorkDays"/>, every day from <see cref="From"/> to the day asked for (none left out), for those figures' trends.
/// </summary>
public sealed record GlanceCounts(
    DateOnly From, IReadOnlyList<GlanceDay> Days,
    long Active30Days, long Active30DaysBefore, long Active90Days, long Active90DaysBefore,
    long OpenDeadLetters, long WebhookDeadLetters, long FailingWebhooks,
    IReadOnlyList<GlanceWorkDay> WorkDays);
