namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// What waited for a person on one UTC day: the tills' dead letters not yet booked or dismissed at the day's end, and the
/// webhook events given up on that day (of those still listed: replaying or deleting a subscription removes its rows).
/// </summary>
public sealed record GlanceWorkDay(DateOnly Day, long OpenDeadLetters, long WebhookEventsGivenUp);
