namespace RetentionActors.Contracts.Cards;

/// <summary>
/// Tells payment-card numbers (PANs) from loyalty card numbers, so a bank card swiped or typed by mistake is
/// refused before it is stored, queued or logged anywhere. A number counts as a payment card when it has 13
/// to 19 digits, passes the Luhn check and starts with an issuer prefix of a card scheme (Visa, Mastercard,
/// American Express, Discover, JCB, Diners Club, UnionPay, Maestro, Mir). No program setting can exempt one.
/// </summary>
public static class PaymentCardNumber
{
    // (first, last) prefix ranges of the same length, from the schemes' published issuer identification numbers.
    private static readonly (int First, int Last)[] s_issuerRanges =
    [
        (4, 4),                 // Visa
        (51, 55), (2221, 2720), // Mastercard
        (34, 34), (37, 37),     // American Express
        (6011, 6011), (644, 649), (65, 65), // Discover
        (3528, 3589),           // JCB
        (300, 305), (3095, 3095), (36, 36), (38, 39), // Diners Club
        (62, 62),               // UnionPay
        (5018, 5018), (5020, 5020), (5038, 5038), (5893, 5893), (6304, 6304), (6759, 6759), (6761, 6763), // Maestro
        (2200, 2204),           // Mir
    ];

    /// <summary>Whether <paramref name="digits"/> is a payment-card number (see the class summary).</summary>
    public static bool IsPaymentCard(ReadOnlySpan<char> digits) =>
        digits.Length is >= 13 and <= 19 && IsLuhnValid(digits) && HasIssuerPrefix(digits);

    /// <summary>The Luhn (mod 10) check digit of payment-card numbers.</summary>
    public static bool IsLuhnValid(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty)
        {
            return false;
        }
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(digits[i]))
            {
                return false;
            }
            var d = digits[i] - '0';
            if (doubleIt && (d *= 2) > 9)
            {
                d -= 9;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    private static bool HasIssuerPrefix(ReadOnlySpan<char> digits)
    {
        foreach (var (first, last) in s_issuerRanges)
        {
            var length = first.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            var prefix = int.Parse(digits[..length], provider: System.Globalization.CultureInfo.InvariantCulture);
            if (prefix >= first && prefix <= last)
            {
                return true;
            }
        }
        return false;
    }
}
