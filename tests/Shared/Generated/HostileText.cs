using CsCheck;

namespace RetentionActors.Tests.Shared.Generated;

/// <summary>Strings that attack a text field: control characters, markup, Unicode tricks and lengths up to a megabyte.</summary>
public static class HostileText
{
    /// <summary>Each holds a control character (NUL among them): no identifier, name or printable text takes one.</summary>
    public static readonly string[] ControlCharacters =
        ["a\u0000b", "\u0000", "5\u0000", "x\u0007y", "\u001b[2J", "line\nbreak", "cr\rhere", "v\u000btab", "a\u0085b", "del\u007f"];

    /// <summary>Markup and injection attempts: printable, so only fields with a strict alphabet (ids) refuse them.</summary>
    public static readonly string[] Markup =
        ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "{{7*7}}", "${jndi:ldap://x/a}", "'; DROP TABLE ledger; --", "../../etc/passwd"];

    /// <summary>Outside ASCII: an identifier (letters, digits, <c>. _ - :</c> in ASCII) takes none of them.</summary>
    public static readonly string[] Unicode = ["\u202eevil", "e\u0301", "zero\u200bwidth", "ｆｕｌｌ", "😀", "Ω", "\u00a0"];

    /// <summary>A string of <paramref name="least"/> characters or more: just over, a few hundred, 100 KB, rarely a megabyte.</summary>
    public static Gen<string> Longer(int least) =>
        Gen.Frequency<int>(
            (6, Gen.Const(least)),
            (3, Gen.Int[least, least + 300]),
            (2, Gen.Const(Math.Max(least, 100_000))),
            (1, Gen.Const(Math.Max(least, 1_000_000))))
        .Select(length => new string('x', length));

    /// <summary>Anything of <see cref="ControlCharacters"/>, <see cref="Markup"/> and <see cref="Unicode"/>.</summary>
    public static Gen<string> Any { get; } = Gen.OneOf<string>([.. ControlCharacters, .. Markup, .. Unicode]);
}
