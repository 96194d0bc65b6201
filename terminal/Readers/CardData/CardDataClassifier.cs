using RetentionActors.Contracts.Cards;

namespace RetentionActors.Terminal.Readers.CardData;

/// <summary>
/// Turns one framed read (a magstripe swipe, a barcode, a typed number) into a card id or a refusal.
/// ISO 7813: track 1 is <c>%</c> format code, PAN, <c>^</c> name <c>^</c> YYMM … <c>?</c>; track 2 is
/// <c>;</c> PAN <c>=</c> YYMM … <c>?</c>. Bank cards (track 1 format code B, or a Luhn-valid 13–19 digit
/// number with an expiry date outside <see cref="OwnCardRanges"/>) are refused; the refusal never carries the data.
/// </summary>
public sealed class CardDataClassifier(OwnCardRanges ownRanges)
{
    private const int MaxLength = 512;

    /// <summary>Classifies a read. <paramref name="acceptSchemePrefix"/> lets a typed <c>nfc:…</c>/<c>mag:…</c>/<c>bar:…</c> through (keyboard).</summary>
    public ReaderEvent Classify(ReadOnlySpan<char> text, bool acceptSchemePrefix = false)
    {
        text = text.Trim();
        if (text.IsEmpty || text.Length > MaxLength)
        {
            return ReaderEvent.Refused(RefusalReasons.Unreadable);
        }
        if (text.IndexOfAny('%', ';') >= 0 && (text[0] is '%' or ';' || text.Contains('?')))
        {
            return ClassifyTracks(text);
        }
        if (LooksLikeTrack1WithoutSentinel(text))
        {
            return ReaderEvent.Refused(RefusalReasons.BankCard);
        }
        var separator = text.IndexOf('=');
        if (separator > 0 && IsDigits(text[..separator]))
        {
            // Track 2 with its sentinels stripped by the reader: PAN=YYMM…
            return FromTrack(text[..separator], Expiry(text[(separator + 1)..]));
        }
        if (acceptSchemePrefix && text.Contains(':'))
        {
            return CardId.TryParse(text.ToString(), out var typed, out var error) ? ReaderEvent.Read(typed) : Refused(error);
        }
        return CardId.TryParse($"{CardId.Barcode}:{text}", out var barcode, out var notBarcode) ? ReaderEvent.Read(barcode) : Refused(notBarcode);
    }

    // CardId refuses a payment card's number in any scheme; say so rather than "unreadable".
    private static ReaderEvent Refused(string error) =>
        ReaderEvent.Refused(error == CardId.PaymentCardRefusal ? RefusalReasons.BankCard : RefusalReasons.Unreadable);

    private ReaderEvent ClassifyTracks(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> track1 = default, track2 = default;
        var rest = text;
        while (!rest.IsEmpty)
        {
            var start = rest.IndexOfAny('%', ';');
            if (start < 0)
            {
                break;
            }
            var sentinel = rest[start];
            rest = rest[(start + 1)..];
            var end = rest.IndexOf('?');
            var body = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];
            if (sentinel == '%' && track1.IsEmpty)
            {
                track1 = body;
            }
            else if (sentinel == ';' && track2.IsEmpty)
            {
                track2 = body;
            }
        }

        // Format code B on track 1 is a bank card whatever track 2 says.
        if (!track1.IsEmpty && track1[0] is 'B' or 'b')
        {
            return ReaderEvent.Refused(RefusalReasons.BankCard);
        }
        if (!track2.IsEmpty && !IsErrorMarker(track2))
        {
            var separator = track2.IndexOf('=');
            return separator < 0
                ? FromTrack(track2, hasExpiry: false)
                : FromTrack(track2[..separator], Expiry(track2[(separator + 1)..]));
        }
        if (!track1.IsEmpty && !IsErrorMarker(track1))
        {
            // %<format code><PAN>^<name>^<YYMM>…
            var fields = track1[1..];
            var first = fields.IndexOf('^');
            var number = first < 0 ? fields : fields[..first];
            var hasExpiry = false;
            if (first >= 0)
            {
                var afterName = fields[(first + 1)..];
                var second = afterName.IndexOf('^');
                hasExpiry = second >= 0 && Expiry(afterName[(second + 1)..]);
            }
            return FromTrack(number, hasExpiry);
        }
        return ReaderEvent.Refused(RefusalReasons.Unreadable);
    }

    private ReaderEvent FromTrack(ReadOnlySpan<char> number, bool hasExpiry)
    {
        number = number.Trim();
        if (IsBankNumber(number, hasExpiry))
        {
            return ReaderEvent.Refused(RefusalReasons.BankCard);
        }
        return IsDigits(number) && CardId.TryParse($"{CardId.Magstripe}:{number}", out var card, out _)
            ? ReaderEvent.Read(card)
            : ReaderEvent.Refused(RefusalReasons.Unreadable);
    }

    // A card scheme's number is a bank card whatever the program issues; any other Luhn-valid number with an
    // expiry date is one too, unless it falls in the program's own card ranges.
    private bool IsBankNumber(ReadOnlySpan<char> number, bool hasExpiry) =>
        PaymentCardNumber.IsPaymentCard(number)
        || (hasExpiry && number.Length is >= 13 and <= 19 && PaymentCardNumber.IsLuhnValid(number) && !ownRanges.Contains(number));

    // YYMM with a real month.
    private static bool Expiry(ReadOnlySpan<char> afterSeparator) =>
        afterSeparator.Length >= 4 && IsDigits(afterSeparator[..4])
        && int.Parse(afterSeparator[2..4], provider: System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 12;

    private static bool LooksLikeTrack1WithoutSentinel(ReadOnlySpan<char> text)
    {
        if (text.Length < 3 || text[0] is not ('B' or 'b'))
        {
            return false;
        }
        var caret = text.IndexOf('^');
        return caret > 1 && IsDigits(text[1..caret].Trim());
    }

    // MagTek and others send E for a track they could not read.
    private static bool IsErrorMarker(ReadOnlySpan<char> track) => track is "E" or "e" || track.IsEmpty;

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}
