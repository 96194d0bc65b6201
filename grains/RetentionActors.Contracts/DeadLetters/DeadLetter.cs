using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Contracts.DeadLetters;

/// <summary>
/// A sale a till kept because the silo refused it, as the back office sees it: the sale as the till rang it up
/// (its till time, receipt identity, card, amount), why it was refused, and how it was resolved.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.DeadLetters.DeadLetter")]
public sealed record DeadLetter(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string TerminalId,
    [property: Id(2)] DateOnly BusinessDay,
    [property: Id(3)] string ReceiptId,
    [property: Id(4)] string CardId,
    [property: Id(5)] decimal Amount,
    [property: Id(6)] DateTimeOffset OccurredAt,
    [property: Id(7)] string ReasonCode,
    [property: Id(8)] string Message,
    [property: Id(9)] DateTimeOffset Since,
    [property: Id(10)] int Attempts)
{
    [Id(11)]
    public IReadOnlyList<PurchaseLine>? Lines { get; init; }

    /// <summary>How far the silo found the till's clock off (positive: ahead), when that is why it was refused.</summary>
    [Id(12)]
    public TimeSpan? ClockSkew { get; init; }

    /// <summary>When the cluster first heard of it.</summary>
    [Id(13)]
    public DateTimeOffset ReportedAt { get; init; }

    [Id(14)]
    public DeadLetterStatus Status { get; init; } = DeadLetterStatus.Open;

    /// <summary>The sale as the operator's correction books it (set from the first retry on).</summary>
    [Id(15)]
    public string? CorrectedCardId { get; init; }

    [Id(16)]
    public decimal? CorrectedAmount { get; init; }

    [Id(17)]
    public DateTimeOffset? CorrectedOccurredAt { get; init; }

    [Id(18)]
    public string? ResolvedBy { get; init; }

    [Id(19)]
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Why it was dismissed, or what the correction changed.</summary>
    [Id(20)]
    public string? ResolutionNote { get; init; }

    /// <summary>Points the booking earned.</summary>
    [Id(21)]
    public long? PointsEarned { get; init; }

    /// <summary><see cref="ClockSkew"/> in whole minutes, for pages and scripts.</summary>
    public long? ClockSkewMinutes => ClockSkew is { } skew ? (long)Math.Round(skew.TotalMinutes) : null;

    /// <summary>The sale as the till rang it up.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Purchase Original => new(StoreId, TerminalId, ReceiptId, OccurredAt, Amount, Lines) { BusinessDay = BusinessDay };

    [System.Text.Json.Serialization.JsonIgnore]
    public DeadLetterResolution Resolution => new(BusinessDay, ReceiptId, Status) { ResolvedBy = ResolvedBy, Note = ResolutionNote };
}
