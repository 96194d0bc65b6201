namespace RetentionActors.Terminal.Checkout;

/// <summary>
/// What the terminal answers to a card read or an operation: one sealed record per event, each with what that event
/// says. The cashier and kiosk screens show it and the JSON mode writes it (<c>AnswerLine</c>); both match on the record
/// with a switch. Only this assembly makes answers, so the records below are all there are.
/// </summary>
public abstract record DeskAnswer
{
    private protected DeskAnswer()
    {
    }

    /// <summary>The event's name in the JSON protocol (<see cref="AnswerEvents"/>).</summary>
    public abstract string Event { get; }

    /// <summary>A refusal: declined, or a queued operation the silo refused when it was sent.</summary>
    public virtual bool IsDeclined => false;
}
