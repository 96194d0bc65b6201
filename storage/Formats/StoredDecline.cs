using System.Text.Json.Serialization;
using RetentionActors.Contracts;

namespace RetentionActors.Storage.Formats;

/// <summary>A <see cref="Decline"/> inside a stored answer.</summary>
internal sealed record StoredDecline
{
    [JsonPropertyName("reason")] public string Reason { get; init; } = "";
    [JsonPropertyName("message")] public string Message { get; init; } = "";
    [JsonPropertyName("clockSkew")] public TimeSpan? ClockSkew { get; init; }

    public static StoredDecline? From(Decline? decline) => decline is null ? null : new()
    {
        Reason = StoredNames.Of(decline.Reason),
        Message = decline.Message,
        ClockSkew = decline.ClockSkew,
    };

    public Decline ToWire() => new(StoredNames.Parse<DeclineReason>(Reason), Message) { ClockSkew = ClockSkew };
}
