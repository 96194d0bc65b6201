using CsCheck;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// Values that are wrong by type alone, from the schema: whatever the field means, the API cannot take them. Numbers
/// are documented as JSON numbers or numeric strings matching <c>^-?(0|[1-9]\d*)(\.\d+)?$</c>; text that does not
/// match (such as <c>"1,5"</c>) is wrong, and so is a number the field's type cannot hold.
/// </summary>
public static class WrongValues
{
    public static Fragment[] For(Schema schema) => schema.Kind switch
    {
        SchemaKind.String => Raw("42", "1.5", "true", "false", "{}", "[]", "[\"a\"]"),
        SchemaKind.DateTime => [.. Raw("12345", "true", "{}", "[]"),
            .. ValueRules.Texts("yesterday", "", "2026-13-45T00:00:00Z", "2026-02-30T10:00:00Z", "1.1.2026 10:00", "2026-03-01T25:00:00Z")],
        SchemaKind.Enum => [.. Raw("1", "0", "99", "-1", "true", "{}", "[]"), .. ValueRules.Texts("Nonsense", "", " ", "Till,Kiosk", "\u0000")],
        SchemaKind.Number => [.. Raw("true", "{}", "[]", "[1]", "1e400", "1e30", "-1e30"),
            .. ValueRules.Texts("1,5", "five", "", "NaN", "Infinity", "-Infinity", "5\u0000", "--5", "1.2.3", "0x1A", "1 000")],
        SchemaKind.Integer => [.. Raw("true", "{}", "[]", "1.5", "-0.5", "1e30", "9223372036854775808", "-9223372036854775809"),
            .. schema.Format == "int32" ? Raw("2147483648", "-2147483649") : Raw("18446744073709551616"),
            .. ValueRules.Texts("1,5", "1.5", "ten", "", "NaN", "5\u0000", "0x10")],
        SchemaKind.Boolean => [.. Raw("1", "0", "{}", "[]", "\"\""), .. ValueRules.Texts("true", "yes", "on")],
        SchemaKind.Array => Raw("{}", "\"x\"", "1", "true"),
        SchemaKind.Object or SchemaKind.Dictionary => Raw("[]", "\"x\"", "1", "true", "[{}]"),
        _ => Raw("{\"\": []}"),
    };

    /// <summary>Path segments, already escaped as sent, that name nothing any operation has or cannot be an id at all.</summary>
    public static readonly Gen<string> PathSegments = Gen.OneOf<string>(
        Gen.Int.Select(i => $"nx-{(uint)i:x8}"),
        Gen.OneOf<string>(
            new string('x', 300), new string('x', 10_000), "a%2Fb", "%2F", "a%00b", "%00", "%0A", "a%20b", "%20", "%25", "%C3%A9", "%FF%FE",
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%E2%80%AEevil", "..%2F..%2Fetc%2Fpasswd", "~", "a;b", "a.json", "%7B%7D", "null", "-1"));

    /// <summary>Query values a numeric parameter cannot be bound from.</summary>
    public static Gen<string> QueryNumbers(Schema schema) => schema.Kind == SchemaKind.Integer
        ? Gen.OneOf<string>("abc", "1,5", "1.5", "1e30", "99999999999999999999", "0x10", "1 0", "%00", "--1", "[1]")
        : Gen.OneOf<string>("abc", "1,5", "1e400", "99999999999999999999999999999999", "NaN", "--1", "%00", "[1]");

    private static Fragment[] Raw(params string[] json) => [.. json.Select(Fragment.Raw)];
}
