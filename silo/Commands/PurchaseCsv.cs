using RetentionActors.Contracts;
using System.Globalization;

namespace RetentionActors.Silo.Commands;

/// <summary>
/// One row of a purchase-history CSV, parsed; <see cref="Line"/> is its 1-based line in the file. Receipts are
/// identified like at the till: store, till (<see cref="PurchaseCsv.ImportTerminal"/> when the file names none),
/// business day (the UTC date of <see cref="OccurredAt"/> when the file names none) and receipt.
/// </summary>
public sealed record PurchaseRow(int Line, string CustomerId, string ReceiptId, string StoreId, DateTimeOffset OccurredAt, decimal Amount, bool IsRefund, string? RefundOf,
    string TerminalId = PurchaseCsv.ImportTerminal, DateOnly? BusinessDay = null, string? RefundOfTerminal = null, DateOnly? RefundOfDay = null);

public sealed record RowError(int Line, string Message);

/// <summary>
/// The import format: header <c>customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of</c>, in any
/// order, optionally with <c>terminal_id</c>, <c>business_day</c> (yyyy-MM-dd), and for refunds
/// <c>refund_of_terminal</c> and <c>refund_of_day</c> naming the returned sale's till and day; plain
/// comma-separated fields (no quoting: none of the fields needs a comma).
/// </summary>
public static class PurchaseCsv
{
    public const string Header = "customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of";

    /// <summary>The till of rows whose file has no <c>terminal_id</c> column (or leaves it empty).</summary>
    public const string ImportTerminal = "import";

    private static readonly string[] Required = Header.Split(',');
    private static readonly string[] OptionalColumns = ["terminal_id", "business_day", "refund_of_terminal", "refund_of_day"];

    /// <summary>Parses every line; a line that is wrong goes to the errors with its number and nothing of it is kept.</summary>
    public static (List<PurchaseRow> Rows, List<RowError> Errors) Parse(TextReader reader)
    {
        var rows = new List<PurchaseRow>();
        var errors = new List<RowError>();
        var columns = Columns(reader.ReadLine());
        if (columns is null)
        {
            errors.Add(new RowError(1, $"The first line must be the header '{Header}' (columns in any order), optionally with {string.Join(", ", OptionalColumns)}."));
            return (rows, errors);
        }
        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }
            if (ParseRow(number, line, columns, out var row) is { } error)
            {
                errors.Add(new RowError(number, error));
            }
            else
            {
                rows.Add(row!);
            }
        }
        return (rows, errors);
    }

    // Each column's position, by name; null when a required one is missing or a name is unknown or repeated.
    private static Dictionary<string, int>? Columns(string? header)
    {
        var names = (header ?? "").Trim().TrimStart('\uFEFF').Split(',').Select(n => n.Trim().ToLowerInvariant()).ToList();
        var columns = names.Select((name, index) => (name, index)).DistinctBy(c => c.name).ToDictionary(c => c.name, c => c.index);
        var known = columns.Keys.All(n => Required.Contains(n) || OptionalColumns.Contains(n));
        return known && columns.Count == names.Count && Required.All(columns.ContainsKey) ? columns : null;
    }

    private static string? ParseRow(int number, string line, Dictionary<string, int> columns, out PurchaseRow? row)
    {
        row = null;
        // "5" followed by a NUL once imported as 5: number parsing forgives trailing NULs, the import does not.
        if (line.Any(c => char.IsControl(c) && c != '\t'))
        {
            return "The row holds a control character (such as NUL); fields are printable text.";
        }
        var f = line.Split(',').Select(s => s.Trim()).ToArray();
        if (f.Length != columns.Count)
        {
            return $"Expected {columns.Count} fields, found {f.Length}.";
        }
        string Field(string name) => columns.TryGetValue(name, out var index) ? f[index] : "";
        foreach (var name in new[] { "customer_id", "receipt_id", "store_id" })
        {
            if (Field(name).Length is 0 or > 64)
            {
                return $"{name} must be 1 to 64 characters.";
            }
        }
        // ISO 8601 in UTC: an explicit Z or +00:00, so a local time cannot slip in unnoticed.
        var time = Field("occurred_at");
        if (!DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.None, out var occurredAt)
            || occurredAt.Offset != TimeSpan.Zero || !(time.EndsWith('Z') || time.EndsWith("+00:00", StringComparison.Ordinal)))
        {
            return $"occurred_at '{Quote(time)}' is not an ISO 8601 UTC time (e.g. 2026-03-01T10:15:00Z).";
        }
        if (!decimal.TryParse(Field("amount"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return $"amount '{Quote(Field("amount"))}' is not a positive number with a decimal point.";
        }
        var kind = Field("kind").ToLowerInvariant();
        if (kind is not ("purchase" or "refund"))
        {
            return $"kind '{Quote(Field("kind"))}' is neither purchase nor refund.";
        }
        var refundOf = OrNull(Field("refund_of"));
        var refundOfTerminal = OrNull(Field("refund_of_terminal"));
        if (kind == "refund" && refundOf is null)
        {
            return "A refund names the purchase receipt it returns in refund_of.";
        }
        if (kind == "purchase" && (refundOf ?? refundOfTerminal ?? OrNull(Field("refund_of_day"))) is not null)
        {
            return "A purchase has an empty refund_of, refund_of_terminal and refund_of_day.";
        }
        if (Day(Field("business_day"), "business_day", out var businessDay) is { } dayError)
        {
            return dayError;
        }
        if (Day(Field("refund_of_day"), "refund_of_day", out var refundOfDay) is { } refundDayError)
        {
            return refundDayError;
        }
        row = new PurchaseRow(number, Field("customer_id"), Field("receipt_id"), Field("store_id"), occurredAt, amount, kind == "refund", refundOf,
            OrNull(Field("terminal_id")) ?? ImportTerminal, businessDay, refundOfTerminal, refundOfDay);
        return null;
    }

    private static string? OrNull(string field) => field.Length == 0 ? null : field;

    // A refusal quotes the start of what it refuses, never a megabyte of it.
    private static string Quote(string field) => field.Length <= 40 ? field : field[..40] + "…";

    private static string? Day(string field, string name, out DateOnly? day)
    {
        day = null;
        if (field.Length == 0)
        {
            return null;
        }
        if (!DateOnly.TryParseExact(field, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return $"{name} '{Quote(field)}' is not a date (yyyy-MM-dd).";
        }
        day = parsed;
        return null;
    }
}
