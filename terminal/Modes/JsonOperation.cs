using System.Globalization;
using System.Text.Json;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Terminal.Modes;

/// <summary>
/// One operation line of the JSON protocol, read strictly: a field of the wrong type, an unknown field or a number
/// written as text is refused with the field's name, never guessed at (a till's money above all), and null is the
/// same as missing. Refusals never quote what was sent: it may be anything, a bank card number included.
/// </summary>
public sealed class JsonOperation
{
    // The fields each op takes (besides "op" and "cardId"), as README's JSON protocol lists them.
    private static readonly Dictionary<string, string[]> FieldsOf = new(StringComparer.Ordinal)
    {
        ["purchase"] = ["receiptId", "amount", "lines", "businessDay", "redeemPoints"],
        ["redeem"] = ["receiptId", "points", "businessDay"],
        ["refund"] = ["receiptId", "refundOf", "amount", "refundOfStore", "refundOfTerminal", "refundOfDay"],
        ["enroll"] = ["name", "email", "phone", "birthday", "consent", "enrollmentId"],
        ["balance"] = [],
        ["feedback"] = ["score", "reference"],
        ["coupon"] = ["receiptId", "code"],
        ["reward"] = ["rewardId", "reference"],
        ["deadLetters"] = [],
    };

    private static readonly string[] LineFields = ["sku", "category", "quantity", "amount"];

    private const int MaxText = 256;

    private readonly JsonElement _op;

    public JsonOperation(JsonElement op)
    {
        _op = op.ValueKind == JsonValueKind.Object ? op : throw new FormatException("An operation is a JSON object.");
        Name = String("op");
        if (Name is not null && FieldsOf.TryGetValue(Name, out var fields))
        {
            RefuseUnknown(_op, ["op", "cardId", .. fields], $"op '{Name}'");
        }
    }

    /// <summary>The op, or null when there is none; an op this terminal does not know is the caller's to answer.</summary>
    public string? Name { get; }

    public static IReadOnlyCollection<string> Ops => FieldsOf.Keys;

    /// <summary>Whether the operation has a <c>cardId</c> field at all.</summary>
    public bool NamesCard => _op.TryGetProperty("cardId", out _);

    /// <summary>
    /// The card the operation names, or null when it has no <c>cardId</c> field (the last card read is meant). A
    /// <c>cardId</c> that is there but not text — a number, null, an array — is refused: falling back to the last card
    /// read would book on somebody else's card.
    /// </summary>
    public string? CardText() => !_op.TryGetProperty("cardId", out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException("'cardId' must be a card id in quotes; leave it out to use the last card read.");

    public string? String(string name) => String(_op, name);

    public string Required(string name) => Required(_op, name);

    public decimal Amount(string name) => Amount(_op, name) ?? throw new FormatException($"'{name}' is required (a number).");

    public long Points(string name) =>
        Present(_op, name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var points)
            ? points
            : throw new FormatException($"'{name}' is required (a whole number).");

    /// <summary>Points a field may give or leave out (0 then); when given, a whole JSON number of at least 1.</summary>
    public long OptionalPoints(string name) => !Present(_op, name, out _) ? 0
        : Points(name) is > 0 and var points ? points
        : throw new FormatException($"'{name}' must be 1 or more points; leave it out to redeem none.");

    public int Score() =>
        Present(_op, "score", out var score) && score.ValueKind == JsonValueKind.Number && score.TryGetInt32(out var value) && value is >= 0 and <= 10
            ? value
            : throw new FormatException("feedback needs \"score\": a whole number from 0 to 10.");

    public DateOnly? Day(string name)
    {
        if (!Present(_op, name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new FormatException($"'{name}' must be a date, yyyy-MM-dd.");
    }

    public bool Flag(string name) => !Present(_op, name, out var value) ? false : value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new FormatException($"'{name}' must be true or false."),
    };

    public List<PurchaseLine>? Lines()
    {
        if (!Present(_op, "lines", out var lines))
        {
            return null;
        }
        if (lines.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("'lines' must be an array.");
        }
        return [.. lines.EnumerateArray().Select(line =>
        {
            if (line.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("Each line is an object with sku, amount and optional category and quantity.");
            }
            RefuseUnknown(line, LineFields, "a line");
            return new PurchaseLine(Required(line, "sku"), String(line, "category"), Amount(line, "quantity") ?? 1m,
                Amount(line, "amount") ?? throw new FormatException("'amount' is required (a number) on each line."));
        })];
    }

    public CustomerProfile Profile() =>
        new(Required("name"), String("email"), String("phone"), Day("birthday"), Flag("consent"));

    private static bool Present(JsonElement op, string name, out JsonElement value) =>
        op.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string? String(JsonElement op, string name)
    {
        if (!Present(op, name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"'{name}' must be a string.");
        }
        // No field of the protocol is longer (ids are at most 64, names and e-mails far less): a longer one is refused
        // here, so no answer repeats a megabyte of it.
        var text = value.GetString()!;
        return text.Length <= MaxText ? text : throw new FormatException($"'{name}' is longer than {MaxText} characters.");
    }

    private static string Required(JsonElement op, string name) =>
        String(op, name) is { Length: > 0 } text ? text : throw new FormatException($"'{name}' is required (a string).");

    // A JSON number only: "1,5" or "12.50" in quotes is refused rather than read one way or another.
    private static decimal? Amount(JsonElement op, string name)
    {
        if (!Present(op, name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            ? number
            : throw new FormatException($"'{name}' must be a JSON number such as 12.5 (not text, no thousands separators).");
    }

    private static void RefuseUnknown(JsonElement element, IReadOnlyCollection<string> known, string what)
    {
        foreach (var field in element.EnumerateObject())
        {
            if (!known.Contains(field.Name))
            {
                // The name is quoted only when short: a field name is input too.
                var name = field.Name.Length <= 40 ? $"'{field.Name}'" : "a field with a long name";
                throw new FormatException($"{what} takes no field {name}; it takes {string.Join(", ", known)}.");
            }
        }
    }
}
