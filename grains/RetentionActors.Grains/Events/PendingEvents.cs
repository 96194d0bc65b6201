namespace RetentionActors.Grains.Events;

/// <summary>
/// Events for the grain-state write that follows in this flow (a card or coupon grain's), taken by the store into the
/// write's transaction. Held in an <see cref="AsyncLocal{T}"/>, not the request context: they belong to this write of
/// this grain and must not travel into grain calls.
/// </summary>
public static class PendingEvents
{
    private static readonly AsyncLocal<IReadOnlyList<OutboxEvent>?> Current = new();

    /// <summary>Puts <paramref name="events"/> on the writes that follow until the scope is disposed.</summary>
    public static IDisposable Attach(params IReadOnlyList<OutboxEvent> events)
    {
        var previous = Current.Value;
        Current.Value = events;
        return new Scope(previous);
    }

    /// <summary>The events a write made now carries; read it in the caller's flow, before the write is queued.</summary>
    public static IReadOnlyList<OutboxEvent> ForCurrentWrite() => Current.Value ?? [];

    private sealed class Scope(IReadOnlyList<OutboxEvent>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
