using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.Terminal.Tests.Generated;

/// <summary>
/// Generates stdin lines of the JSON protocol that are wrong by construction: an operation the terminal takes with one
/// field broken (wrong type, text for a number, out of range, missing, null, unknown, given twice), a broken op or
/// cardId, or a line that is not one JSON object at all. None may be answered but with <c>declined</c>.
/// </summary>
public static class JsonLines
{
    private const string Placeholder = "FZ-FIELD-9c2a";

    // The operations as README's protocol lists them, each valid, with what each field holds and whether it is required.
    private static IReadOnlyList<(string Op, Func<uint, JsonObject> Valid, (string Field, FieldKind Kind, bool Required)[] Fields)> Operations(string today, string coupon) =>
    [
        ("purchase", salt => new JsonObject
        {
            ["op"] = "purchase", ["receiptId"] = $"fz-r-{salt:x8}", ["amount"] = 12.5, ["businessDay"] = today,
            ["lines"] = new JsonArray(new JsonObject { ["sku"] = "tea", ["category"] = "drinks", ["quantity"] = 2, ["amount"] = 5 }),
        }, [("receiptId", FieldKind.Id, true), ("amount", FieldKind.Money, true), ("lines", FieldKind.Lines, false), ("businessDay", FieldKind.Day, false), ("redeemPoints", FieldKind.Points, false)]),
        ("redeem", salt => new JsonObject { ["op"] = "redeem", ["receiptId"] = $"fz-r-{salt:x8}", ["points"] = 10, ["businessDay"] = today },
            [("receiptId", FieldKind.Id, true), ("points", FieldKind.Points, true), ("businessDay", FieldKind.Day, false)]),
        ("refund", salt => new JsonObject { ["op"] = "refund", ["receiptId"] = $"fz-rf-{salt:x8}", ["refundOf"] = "fz-seed", ["amount"] = 5 },
            [("receiptId", FieldKind.Id, true), ("refundOf", FieldKind.Id, true), ("amount", FieldKind.Money, true), ("refundOfStore", FieldKind.Id, false),
             ("refundOfTerminal", FieldKind.Id, false), ("refundOfDay", FieldKind.Day, false)]),
        ("enroll", salt => new JsonObject { ["op"] = "enroll", ["name"] = "Generated Person", ["email"] = "person@example.com", ["consent"] = true },
            [("name", FieldKind.Text, true), ("email", FieldKind.Text, false), ("phone", FieldKind.Text, false), ("birthday", FieldKind.Day, false),
             ("consent", FieldKind.Flag, false), ("enrollmentId", FieldKind.Text, false)]),
        ("feedback", salt => new JsonObject { ["op"] = "feedback", ["score"] = 9, ["reference"] = $"fz-fb-{salt:x8}" },
            [("score", FieldKind.Score, true), ("reference", FieldKind.Id, false)]),
        ("coupon", salt => new JsonObject { ["op"] = "coupon", ["receiptId"] = $"fz-r-{salt:x8}", ["code"] = coupon },
            [("receiptId", FieldKind.Id, true), ("code", FieldKind.Id, true)]),
        ("reward", salt => new JsonObject { ["op"] = "reward", ["rewardId"] = "tote", ["reference"] = $"fz-rw-{salt:x8}" },
            [("rewardId", FieldKind.Text, true), ("reference", FieldKind.Text, false)]),
        ("balance", salt => new JsonObject { ["op"] = "balance" }, []),
    ];

    public static Gen<JsonLine> Lines(string today, string coupon)
    {
        var operations = Operations(today, coupon);
        // Operations that move money or points come up most.
        var broken = Gen.Frequency<(string Op, Func<uint, JsonObject> Valid, (string Field, FieldKind Kind, bool Required)[] Fields)>(
                [.. operations.Select(op => (op.Op switch { "purchase" => 3, "refund" or "redeem" => 2, _ => 1 }, op))])
            .SelectMany(op => Gen.UInt.SelectMany(salt => BrokenOperation(op.Op, op.Valid(salt), op.Fields)));
        return Gen.Frequency<JsonLine>((10, broken), (2, NotOneObject()));
    }

    private static Gen<JsonLine> BrokenOperation(string op, JsonObject valid, (string Field, FieldKind Kind, bool Required)[] fields)
    {
        var kinds = new List<(int, IGen<JsonLine>)>
        {
            (2, Gen.OneOf<string>("1", "null", "true", "\"Purchase\"", "\"teleport\"", "\"\"", $"\"{op} \"", "[\"balance\"]")
                .Select(value => With(valid, "op", value, $"op = {value}"))),
            (3, Gen.OneOf<string>("6001234567890", "null", "[\"mag:6001234567890\"]", "{}", "true", "\"visa:1\"", "\"nfc:zz\"", "\"\"", "\"4111111111111111\"",
                    "\"mag:4111111111111111\"", $"\"mag:{new string('9', 300)}\"", "\"mag:60012345\\u000067890\"")
                .Select(value => With(valid, "cardId", value, $"cardId = {Shown.Text(value, 40)}"))),
            (2, Gen.OneOf<string>("amout", "Amount", "RECEIPTID", "", "$type", "__proto__", "price").Select(name =>
            {
                var copy = (JsonObject)valid.DeepClone();
                copy[name] = 150;
                return new JsonLine($"unknown field {name}", copy.ToJsonString());
            })),
        };
        if (fields.Length > 0)
        {
            kinds.Add((16, Gen.OneOf<(string Field, FieldKind Kind, bool Required)>(fields).SelectMany(f => Wrong(f.Kind, f.Required).Select(value =>
                With(valid, f.Field, value, $"{f.Field} = {Shown.Text(value, 60)}")))));
        }
        var required = fields.Where(f => f.Required).ToArray();
        if (required.Length > 0)
        {
            kinds.Add((2, Gen.OneOf<(string Field, FieldKind Kind, bool Required)>(required).Select(f =>
            {
                var copy = (JsonObject)valid.DeepClone();
                copy.Remove(f.Field);
                return new JsonLine($"{f.Field} missing", copy.ToJsonString());
            })));
        }
        var present = valid.Select(p => p.Key).Where(k => k != "op").ToArray();
        if (present.Length > 0)
        {
            // The same field twice, the second time with another value: which one would be meant?
            kinds.Add((1, Gen.OneOf<string>(present).Select(field =>
            {
                var json = valid.ToJsonString();
                var other = valid[field] is JsonValue v && v.TryGetValue<double>(out var number) ? JsonSerializer.Serialize(number * 100) : "\"fz-other\"";
                return new JsonLine($"{field} given twice", json[..^1] + $",{JsonSerializer.Serialize(field)}:{other}}}");
            })));
        }
        return Gen.Frequency<JsonLine>([.. kinds]);
    }

    // JSON values a field of that kind cannot be (written as JSON).
    private static Gen<string> Wrong(FieldKind kind, bool required)
    {
        var always = kind switch
        {
            FieldKind.Id => ["1", "true", "{}", "[]", "\"\"", "\"a b\"", "\"<script>\"", "\"a\\u0000b\"", "\"e\\u0301\"", $"\"{new string('r', 65)}\"", $"\"{new string('r', 257)}\"",
                $"\"{new string('r', 1_000_000)}\""],
            FieldKind.Text => new[] { "1", "true", "{}", "[]", $"\"{new string('t', 257)}\"", $"\"{new string('t', 100_000)}\"" }.Concat(required ? ["\"\""] : []).ToArray(),
            FieldKind.Money => ["\"12.5\"", "\"1,5\"", "\"12,50\"", "true", "{}", "[]", "0", "-5", "-0.01", "1e30", "1E400", "1000000000", "0.00001", "79228162514264337593543950336"],
            FieldKind.Points => ["1.5", "\"10\"", "-1", "0", "1e30", "9223372036854775808", "1000000001", "true", "[]"],
            FieldKind.Score => ["11", "-1", "9.5", "\"9\"", "true", "1e30"],
            FieldKind.Day => ["\"03.12.2026\"", "20261203", "\"2026-13-01\"", "\"2026-1-3\"", "true", "{}", "\"yesterday\""],
            FieldKind.Flag => ["\"yes\"", "1", "\"true\"", "{}", "[]"],
            FieldKind.Lines => ["\"tea\"", "1", "{}", "[1]", "[null]", "[{\"sku\":\"tea\"}]", "[{\"amount\":5}]", "[{\"sku\":1,\"amount\":1}]", "[{\"sku\":\"tea\",\"amount\":\"1,5\"}]",
                "[{\"sku\":\"tea\",\"amount\":5,\"price\":3}]", "[{\"sku\":\"tea\",\"amount\":50}]", "[{\"sku\":\"tea\",\"amount\":5,\"quantity\":0}]",
                "[{\"sku\":\"\",\"amount\":5}]"],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return Gen.OneOf<string>([.. always, .. required ? ["null"] : Array.Empty<string>()]);
    }

    // Lines that are not one JSON object: the protocol takes nothing else.
    private static Gen<JsonLine> NotOneObject() =>
        Gen.OneOf<string>(
                "{\"op\": ", "{\"op\":\"balance\"", "{op:\"balance\"}", "{'op':'balance'}", "{\"op\":\"balance\"}}", "{\"op\":\"balance\",}", "{\"op\":\"balance\"} {\"op\":\"balance\"}",
                "{\"op\":\"purchase\",\"receiptId\":\"x\",\"amount\":NaN}", "{\"op\":\"purchase\",\"receiptId\":\"x\",\"amount\":Infinity}", "{\"op\":\"balance\"/*c*/}",
                "[]", "42", "\"op\"", "null", "true", "\uFEFF{\"op\":\"balance\"}", "{\"op\":\"bal\u0000ance\"}", "{\"op\":\"balance\"\u0007}",
                "{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}", "{\"op\":\"purchase\",\"receiptId\":\"" + new string('x', 1_000_000),
                "{}", "{\"cardId\":\"mag:6001234567890\"}")
            .Select(line => new JsonLine($"line {Shown.Text(line, 60)}", line));

    private static JsonLine With(JsonObject valid, string field, string json, string defect)
    {
        var copy = (JsonObject)valid.DeepClone();
        copy[field] = Placeholder;
        return new JsonLine(defect, copy.ToJsonString().Replace($"\"{Placeholder}\"", json, StringComparison.Ordinal));
    }
}
