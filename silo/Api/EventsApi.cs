using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Storage.Events;

namespace RetentionActors.Silo.Api;

/// <summary>
/// The change feed: every event of the outbox in commit order, a page at a time, for integrations that pull (a data
/// warehouse loader, a CDP connector). Read-only, so any operator may read it: give an integration a named operator
/// with the analyst role, which can read and change nothing.
/// </summary>
public static class EventsApi
{
    /// <summary>A page of the feed. <paramref name="Next"/> is the cursor to pass as <c>after</c> for the next page (the same one when nothing new came).</summary>
    public sealed record EventPage(IReadOnlyList<ChangeEvent> Events, string Next);

    /// <param name="Position">Its place in commit order across all customers.</param>
    /// <param name="Sequence">1, 2, 3… among the events of its customer; null for an event that concerns no customer.</param>
    /// <param name="Payload">What happened, a versioned record (docs/events.md).</param>
    public sealed record ChangeEvent(
        Guid Id, string Position, string Type, string? CustomerId, long? Sequence, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, JsonElement Payload)
    {
        public static ChangeEvent From(StoredEvent stored)
        {
            using var payload = JsonDocument.Parse(stored.Payload);
            return new(stored.Id, Cursor(stored.Position), stored.Type, stored.CustomerId, stored.CustomerSeq, stored.OccurredAt, stored.RecordedAt,
                payload.RootElement.Clone());
        }
    }

    public const int DefaultLimit = 100;
    public const int MaximumLimit = 1000;

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/events", ReadAsync)
            .WithSummary("Events after a cursor, in commit order: ledger entries, enrollments, tier changes, coupons, cards. Resume with the answer's next cursor.");
        return api;
    }

    private static async Task<Results<Ok<EventPage>, ValidationProblem, ProblemHttpResult>> ReadAsync(SqlEventFeed feed, string? after, int? limit, CancellationToken cancellationToken)
    {
        if (!TryParseCursor(after, out var position))
        {
            return Problems.Invalid("after", "after is a cursor from an earlier answer (its next, or an event's position), or left out to start at the beginning.");
        }
        if (limit is < 1 or > MaximumLimit)
        {
            return Problems.Invalid("limit", $"limit is 1 to {MaximumLimit} (default {DefaultLimit}).");
        }
        var events = await feed.ReadAsync(position, limit ?? DefaultLimit, cancellationToken);
        // Positions have no gaps, so a page that does not start right after the cursor, or an empty one behind the oldest
        // event kept, means pruning took what came after the cursor.
        var firstKept = events.Count > 0 ? events[0].Position : await feed.FirstKeptAsync(cancellationToken);
        if (position < firstKept - 1)
        {
            // Answering the page would skip the pruned events without a word: the reader has to know it missed them.
            return TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Events after this cursor were deleted",
                detail: $"The events after cursor {Cursor(position)} up to {Cursor(firstKept - 1)} were deleted after the retention (Events__Retention). " +
                        $"Catch up from an export, then resume with after={Cursor(firstKept - 1)}.");
        }
        return TypedResults.Ok(new EventPage([.. events.Select(ChangeEvent.From)], Cursor(events.Count > 0 ? events[^1].Position : position)));
    }

    // A cursor is a position, as text: receivers keep it as given, so it can become something else later.
    private static string Cursor(long position) => position.ToString(CultureInfo.InvariantCulture);

    private static bool TryParseCursor(string? cursor, out long position)
    {
        position = 0;
        return cursor is null || (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out position) && position >= 0);
    }
}
