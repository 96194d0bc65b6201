namespace RetentionActors.Contracts.Cards;

/// <summary>
/// A loyalty card identity: a scheme prefix and the number the reader saw, in canonical form
/// (<c>nfc:04A1B2C3D4E5F6</c>, <c>mag:6001234567890</c>, <c>bar:4006381333931</c>).
/// The canonical string is the card grain's key. On the wire it is that string, parsed again when read
/// (<see cref="CardIdConverter"/>).
/// </summary>
[Immutable]
public readonly record struct CardId
{
    public const string Nfc = "nfc";
    public const string Magstripe = "mag";
    public const string Barcode = "bar";

    private CardId(string scheme, string number) => (Scheme, Number) = (scheme, number);

    /// <summary>The refusal of a payment-card number; it never repeats the number.</summary>
    public const string PaymentCardRefusal = "payment card, not a loyalty card";

    public string Scheme { get; }
    public string Number { get; }

    public override string ToString() => $"{Scheme}:{Number}";

    /// <summary>Parses and normalises a card id; throws <see cref="ArgumentException"/> with the reason when malformed.</summary>
    public static CardId Parse(string? text) =>
        TryParse(text, out var id, out var error) ? id : throw new InvalidRequestException(error, nameof(CardId));

    public static bool TryParse(string? text, out CardId id, out string error)
    {
        id = default;
        var separator = text?.IndexOf(':') ?? -1;
        if (text is null || separator <= 0)
        {
            error = $"Card id '{Printable(text)}' needs a scheme prefix: nfc:, mag: or bar:.";
            return false;
        }

        var scheme = text[..separator].Trim().ToLowerInvariant();
        var number = text[(separator + 1)..].Trim();
        error = scheme switch
        {
            Nfc => CheckNfc(ref number),
            Magstripe => CheckDigits(number, 6, 19, "A magstripe card number"),
            Barcode => CheckBarcode(number),
            _ => $"Card scheme '{Printable(scheme)}' is unknown; use nfc:, mag: or bar:.",
        };
        // Whatever the program's own card ranges: a bank card's number is never stored, queued or echoed.
        if (error.Length == 0 && scheme is Magstripe or Barcode && PaymentCardNumber.IsPaymentCard(number))
        {
            error = PaymentCardRefusal;
        }
        if (error.Length > 0)
        {
            return false;
        }

        id = new CardId(scheme, number);
        return true;
    }

    // ISO 14443 type A UIDs are 4, 7 or 10 bytes.
    private static string CheckNfc(ref string number)
    {
        number = number.ToUpperInvariant();
        if (!number.All(char.IsAsciiHexDigit) || number.Length is not (8 or 14 or 20))
        {
            return $"An NFC card UID must be 4, 7 or 10 bytes of hex (8, 14 or 20 digits), not '{Printable(number)}'.";
        }
        return "";
    }

    private static string CheckDigits(string number, int min, int max, string what) =>
        number.Length >= min && number.Length <= max && number.All(char.IsAsciiDigit)
            ? ""
            : $"{what} must be {min} to {max} digits, not '{Printable(number)}'.";

    private static string CheckBarcode(string number) =>
        number.Length is >= 4 and <= 48 && number.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? ""
            : $"A card barcode must be 4 to 48 letters, digits or dashes, not '{Printable(number)}'.";

    // Never echo control characters, long garbage or what could be a payment card's number back into logs and
    // error messages: with twelve digits or more, only the last four are shown.
    private static string Printable(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var digits = text.Count(char.IsAsciiDigit);
        var shown = 0;
        var masked = digits < 12 ? text : new string([.. text.Reverse().Select(c => char.IsAsciiDigit(c) && ++shown > 4 ? '#' : c).Reverse()]);
        var clean = new string([.. masked.Take(40).Select(c => char.IsControl(c) || c > '~' ? '?' : c)]);
        return masked.Length > 40 ? clean + "…" : clean;
    }
}
