using RetentionActors.Contracts;
using System.Globalization;

namespace RetentionActors.Silo.Api;

/// <summary>One row of a purchase-history CSV, parsed; <see cref="Line"/> is its 1-based line in the file.</summary>
public sealed record PurchaseRow(int Line, string CustomerId, string ReceiptId, string StoreId, DateTimeOffset OccurredAt, decimal Amount, bool IsRefund, string? RefundOf);

public sealed record RowError(int Line, string Message);

/// <summary>
/// The import format: header <c>customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of</c>,
/// plain comma-separated fields (no quoting: none of the fields needs a comma).
/// </summary>
public static class PurchaseCsv
{
    public const string Header = "customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of";

    /// <summary>Parses every line; a line that is wrong goes to the errors with its number and nothing of it is kept.</summary>
    public static (List<PurchaseRow> Rows, List<RowError> Errors) Parse(TextReader reader)
    {
        var rows = new List<PurchaseRow>();
        var errors = new List<RowError>();
        var header = reader.ReadLine()?.Trim().TrimStart('\uFEFF');
        if (!string.Equals(header, Header, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new RowError(1, $"The first line must be the header '{Header}'."));
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
            if (ParseRow(number, line, out var row) is { } error)
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

    private static string? ParseRow(int number, string line, out PurchaseRow? row)
    {
        row = null;
        var f = line.Split(',').Select(s => s.Trim()).ToArray();
        if (f.Length != 7)
        {
            return $"Expected 7 fields, found {f.Length}.";
        }
        foreach (var (value, name) in new[] { (f[0], "customer_id"), (f[1], "receipt_id"), (f[2], "store_id") })
        {
            if (value.Length is 0 or > 64)
            {
                return $"{name} must be 1 to 64 characters.";
            }
        }
        // ISO 8601 in UTC: an explicit Z or +00:00, so a local time cannot slip in unnoticed.
        if (!DateTimeOffset.TryParse(f[3], CultureInfo.InvariantCulture, DateTimeStyles.None, out var occurredAt)
            || occurredAt.Offset != TimeSpan.Zero || !(f[3].EndsWith('Z') || f[3].EndsWith("+00:00", StringComparison.Ordinal)))
        {
            return $"occurred_at '{f[3]}' is not an ISO 8601 UTC time (e.g. 2026-03-01T10:15:00Z).";
        }
        if (!decimal.TryParse(f[4], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return $"amount '{f[4]}' is not a positive number with a decimal point.";
        }
        var kind = f[5].ToLowerInvariant();
        if (kind is not ("purchase" or "refund"))
        {
            return $"kind '{f[5]}' is neither purchase nor refund.";
        }
        var refundOf = f[6].Length == 0 ? null : f[6];
        if (kind == "refund" && refundOf is null)
        {
            return "A refund names the purchase receipt it returns in refund_of.";
        }
        if (kind == "purchase" && refundOf is not null)
        {
            return "A purchase has an empty refund_of.";
        }
        row = new PurchaseRow(number, f[0], f[1], f[2], occurredAt, amount, kind == "refund", refundOf);
        return null;
    }
}
