using RetentionActors.Contracts.Cards;

namespace RetentionActors.Terminal.Readers;

/// <summary>One thing a reader reports. A refusal carries a reason, never the data that was refused.</summary>
public sealed record ReaderEvent(ReaderEventKind Kind, CardId? Card = null, string? Reason = null)
{
    public static ReaderEvent Read(CardId card) => new(ReaderEventKind.Card, card);

    public static ReaderEvent Refused(string reason) => new(ReaderEventKind.Refused, Reason: reason);

    public static ReaderEvent Ready(string reader) => new(ReaderEventKind.Ready, Reason: reader);

    public static ReaderEvent Lost(string why) => new(ReaderEventKind.Lost, Reason: why);
}
