namespace RetentionActors.Terminal.Outbox;

/// <summary>The only two reasons an entry ever leaves the outbox.</summary>
public enum OutboxRemoval
{
    /// <summary>The silo booked the sale, or answered that it had booked it already (also a dead letter the back office booked).</summary>
    Accrued = 1,

    /// <summary>An operator dismissed the dead letter in the back office, with a reason.</summary>
    Dismissed = 2,
}
