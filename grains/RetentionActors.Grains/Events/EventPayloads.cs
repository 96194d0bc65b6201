namespace RetentionActors.Grains.Events;

/// <summary>
/// What an event says, as stored in the outbox and sent to receivers (JSON, camelCase, enums by name). A stored format:
/// fields are only ever added; a change of meaning is a new record with the next <see cref="IPayload.Version"/>. No
/// personal data (names, e-mail, phone, free text): an erasure then has nothing to scrub here, and receivers look a
/// customer up through the API when they need more.
/// </summary>
public static class EventPayloads
{
    public interface IPayload
    {
        int Version { get; }
    }

    /// <param name="Kind">Purchase, Redemption, Refund, RedemptionReturn, Adjustment, Expiry, Bonus or BonusReversal.</param>
    /// <param name="Receipt">The receipt key (<c>store/till/day/receipt</c>) of a till entry.</param>
    /// <param name="RefersTo">For a refund or returned redemption: the receipt key of the purchase concerned.</param>
    /// <param name="Debt">How the entry moved the customer's debt from offline redemptions: an offline redemption's shortfall
    /// (positive), a recovery from later earnings (negative); 0 for every other entry. Added within version 1: receivers
    /// that do not know it may ignore it.</param>
    public sealed record LedgerEntryV1(
        long Seq, string Kind, long Points, decimal Amount, long BalanceAfter, string? Receipt, string? CardId, string? RefersTo,
        DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, long Debt = 0) : IPayload
    {
        public int Version => 1;
    }

    public sealed record CustomerEnrolledV1(DateTimeOffset EnrolledAt, bool Referred) : IPayload
    {
        public int Version => 1;
    }

    /// <param name="From">The tier held before; null when none.</param>
    /// <param name="To">The tier held now; null when none.</param>
    public sealed record TierChangedV1(string? From, string? To, DateTimeOffset? ReviewAt) : IPayload
    {
        public int Version => 1;
    }

    /// <param name="Receipt">For a redemption: the receipt key it was used on.</param>
    public sealed record CouponV1(string Code, string Kind, decimal Value, DateTimeOffset ExpiresAt, string? Receipt) : IPayload
    {
        public int Version => 1;
    }

    /// <param name="ReplacedBy">For a replacement: the new card.</param>
    public sealed record CardV1(string CardId, string Status, string? ReplacedBy) : IPayload
    {
        public int Version => 1;
    }
}
