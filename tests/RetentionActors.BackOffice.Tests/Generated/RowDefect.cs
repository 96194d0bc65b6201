using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>One broken row: a valid purchase (of a known customer, or of a new one so a wrong enrollment shows) with one column changed.</summary>
public sealed record RowDefect(string Column, string? Value)
{
    public string Customer { get; init; } = "";

    public string Yesterday { get; init; } = "";

    /// <summary>Makes the row's receipt (and new customer) its own, the same for the same seed.</summary>
    public uint Salt { get; init; }

    /// <summary>A character added to the column's valid value instead of replacing it.</summary>
    public string? Appended { get; init; }

    public string Render(string[] columns, int index)
    {
        var valid = new Dictionary<string, string>
        {
            // Every other row is a customer the silo does not know: a refused row must not enroll them.
            ["customer_id"] = index % 2 == 0 ? Customer : $"fz-new-{Salt:x8}",
            ["receipt_id"] = $"fz-imp-{Salt:x8}-{index}",
            ["store_id"] = "fz-store",
            ["occurred_at"] = $"{Yesterday}T10:00:00Z",
            ["amount"] = "12.50",
            ["kind"] = "purchase",
            ["refund_of"] = "",
            ["terminal_id"] = "till-7",
            ["business_day"] = Yesterday,
        };
        var fields = columns.Select(c => c == Column ? Value ?? valid[c] + Appended : valid[c]).ToList();
        if (Column == "business_day" && !columns.Contains("business_day"))
        {
            // The file has no business_day column: the day is the time instead, a date without time or zone.
            fields[Array.IndexOf(columns, "occurred_at")] = Value!;
        }
        if (Column == "terminal_id" && !columns.Contains("terminal_id"))
        {
            // No terminal_id column: the store's id takes the broken value.
            fields[Array.IndexOf(columns, "store_id")] = Value!;
        }
        if (Column == "one field fewer")
        {
            fields.RemoveAt(fields.Count - 1);
        }
        if (Column == "one field more")
        {
            fields.Add("extra");
        }
        return string.Join(',', fields);
    }

    public override string ToString() => Appended is null ? $"{Column} = {Shown.Text(Value, 40)}" : $"{Column} + {Shown.Text(Appended)}";
}
