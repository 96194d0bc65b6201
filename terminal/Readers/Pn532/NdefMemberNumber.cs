using Iot.Device.Ndef;
using RetentionActors.Contracts.Cards;

namespace RetentionActors.Terminal.Readers.Pn532;

/// <summary>
/// The member number an NTAG/Ultralight card may carry in its NDEF message (a text record, or the last path
/// segment of a URI record), parsed with the binding's NDEF classes. A value that is a card id
/// (<c>mag:…</c>, <c>bar:…</c>, <c>nfc:…</c>) is taken as it is; 6–19 digits are the member number printed on
/// the card, i.e. <c>mag:&lt;digits&gt;</c>. Anything else gives null, and the reader falls back to the UID.
/// </summary>
public static class NdefMemberNumber
{
    /// <summary>Reads the first usable record of the NDEF TLV in Type 2 tag memory starting at page 4.</summary>
    public static CardId? FromTagMemory(Span<byte> fromPage4)
    {
        try
        {
            var bytes = NdefMessage.ExtractMessage(fromPage4);
            if (bytes is not { Length: > 0 })
            {
                return null;
            }
            foreach (var record in new NdefMessage(bytes).Records)
            {
                var value = TextRecord.IsTextRecord(record) ? new TextRecord(record).Text
                    : UriRecord.IsUriRecord(record) ? LastSegment(new UriRecord(record).FullUri.ToString())
                    : null;
                if (value is not null && Parse(value.Trim()) is { } card)
                {
                    return card;
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidOperationException or FormatException)
        {
            // A damaged or foreign NDEF message: the UID will do.
        }
        return null;
    }

    private static CardId? Parse(string value)
    {
        if (value.Contains(':', StringComparison.Ordinal))
        {
            return CardId.TryParse(value, out var card, out _) ? card : null;
        }
        return value.Length is >= 6 and <= 19 && value.All(char.IsAsciiDigit) && CardId.TryParse($"{CardId.Magstripe}:{value}", out var member, out _)
            ? member
            : null;
    }

    private static string LastSegment(string uri) => uri.TrimEnd('/').Split('/')[^1];
}
