using CsCheck;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// The rules the API states for its fields (README, ProblemDetails messages, <c>Require</c>), each with values that
/// break it by definition. Only values that no reading of the rule could accept belong here: a generated request must
/// never turn out valid.
/// </summary>
public static class ValueRules
{
    /// <summary>A business id (<c>Require.Id</c>): 1 to 64 ASCII letters, digits or <c>. _ - :</c>.</summary>
    public static readonly ValueRule Id = new("id",
        Texts("", "a b", "a/b", "a,b", "a\"b", "a%2Fb", "new\nline", "a\u0000b", "<script>alert(1)</script>", "e\u0301", new string('i', 65)),
        Gen.OneOf<Fragment>(HostileText.Any.Select(Fragment.Of), HostileText.Longer(65).Select(Fragment.Of)));

    /// <summary>Printable text of 1 to <paramref name="max"/> characters (<c>Require.Text</c>).</summary>
    public static ValueRule Text(int max) => new($"text of at most {max}",
        Texts("", "   ", "\t", "a\u0000b", "line\nbreak", "\u001b[2J", new string('t', max + 1)),
        Gen.OneOf<Fragment>(Gen.OneOf<string>(HostileText.ControlCharacters).Select(Fragment.Of), HostileText.Longer(max + 1).Select(Fragment.Of)));

    /// <summary>A loyalty card id (nfc:, mag:, bar:); a payment card number is refused without being echoed.</summary>
    public static readonly ValueRule CardId = new("card id",
        Texts("", "visa:1", "nfc:zz", "nfc:", "mag:", "bar:", "4111111111111111", "mag:4111111111111111", "nfc:04A1B2C3D4E5F6\u0000", "mag:60012345\n67890"),
        Gen.OneOf<Fragment>(Gen.OneOf<string>(HostileText.Markup).Select(Fragment.Of), HostileText.Longer(300).Select(t => Fragment.Of("mag:" + t))));

    /// <summary>Money above 0, at most <paramref name="max"/>, in at most <paramref name="decimals"/> decimals.</summary>
    public static ValueRule Money(decimal max, int decimals) => new($"money above 0 up to {max}",
        [.. Numbers("0", "-1", "-0.01", "1" + new string('0', 30), "79228162514264337593543950335", "-79228162514264337593543950335"),
         Fragment.Number(max + 0.01m), Fragment.Number("0." + new string('0', decimals) + "1")]);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static ValueRule Whole(long min, long max) => new($"{min} to {max}",
        Numbers([.. new[] { $"{min - 1}", $"{max + 1}", $"{long.MinValue}", $"{long.MaxValue}", "9223372036854775808", "-9223372036854775809" }
            .Where(literal => Outside(literal, min, max))]));

    /// <summary>A non-zero whole number within <paramref name="bound"/> either way.</summary>
    public static ValueRule NonZeroWithin(long bound) => new($"non-zero within ±{bound}",
        Numbers("0", $"{bound + 1}", $"{-bound - 1}", $"{long.MinValue}", $"{long.MaxValue}", "9223372036854775808"));

    /// <summary>A date written yyyy-MM-dd.</summary>
    public static readonly ValueRule Date = new("date yyyy-MM-dd",
        Texts("", "2025-13-01", "2025-02-30", "01.01.2025", "2025-1-1", "20250101", "yesterday", "2025-01-01T00:00:00Z", "2025-01-01\u0000"));

    /// <summary>A month written yyyy-MM, from 2000-01 to this month.</summary>
    public static readonly ValueRule Month = new("month yyyy-MM",
        Texts("", "2025-13", "2025-1", "25-01", "2025-01-01", "01.2025", "1999-12", "2999-01", "2025-01\u0000"));

    /// <summary>One word of <paramref name="allowed"/> (compared as the API does).</summary>
    public static ValueRule OneOf(params string[] allowed) => new($"one of {string.Join(", ", allowed)}",
        Texts([.. new[] { "nonsense", "1", "-1", "%00", "\u0000", "all all", $"{allowed[0]},{allowed[1]}", " " + allowed[0], new string('x', 300) }
            .Where(t => !allowed.Contains(t, StringComparer.OrdinalIgnoreCase))]));

    /// <summary>An operator's name: 2 to 64 of a-z, 0-9, <c>. _ -</c> starting with a letter, not a bootstrap identity, not taken.</summary>
    public static ValueRule OperatorName(string taken) => new("operator name",
        Texts("", "a", "1abc", "admin", " ANALYST ", "has space", "ab\u0000", "é-name", "a/b", taken.ToUpperInvariant(), " " + taken, new string('n', 65)),
        HostileText.Longer(65).Select(Fragment.Of));

    /// <summary>Free text that any printable value may be: only empty or over-long values are invalid; the rest is harmless.</summary>
    public static ValueRule SearchText(int max) => new($"search text of at most {max}",
        Texts("", "   ", new string('q', max + 1)), HostileText.Longer(max + 1).Select(Fragment.Of), HostileText.Any.Select(Fragment.Of));

    /// <summary>Free text with no stated limit (a filter): nothing is invalid, hostile values are harmless.</summary>
    public static readonly ValueRule Filter = new("filter", [], null,
        Gen.OneOf<Fragment>(HostileText.Any.Select(Fragment.Of), HostileText.Longer(255).Select(Fragment.Of)));

    /// <summary>A number the API clamps into range: nothing it parses is invalid.</summary>
    public static readonly ValueRule Clamped = new("clamped number", [], null, Gen.OneOf<Fragment>(Numbers("-1", "0", "2147483647", "-2147483648")));

    public static Fragment[] Texts(params string[] texts) => [.. texts.Select(Fragment.Of)];

    public static Fragment[] Numbers(params string[] literals) => [.. literals.Select(Fragment.Number)];

    private static bool Outside(string literal, long min, long max) =>
        !long.TryParse(literal, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max;
}
