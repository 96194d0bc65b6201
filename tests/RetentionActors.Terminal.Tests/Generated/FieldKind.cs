namespace RetentionActors.Terminal.Tests.Generated;

/// <summary>What a field of the JSON protocol holds (README "Terminal", JSON mode), as far as breaking it goes.</summary>
public enum FieldKind
{
    /// <summary>A receipt, store or till id: text, 1 to 64 of letters, digits and <c>. _ - :</c>.</summary>
    Id,

    /// <summary>Free text of at most 256 characters.</summary>
    Text,

    /// <summary>Money: a JSON number above 0, below 1,000,000,000, at most 4 decimals.</summary>
    Money,

    /// <summary>Points: a whole JSON number, 1 to 1,000,000,000.</summary>
    Points,

    /// <summary>A recommendation: a whole JSON number, 0 to 10.</summary>
    Score,

    /// <summary>A date, yyyy-MM-dd.</summary>
    Day,

    /// <summary>true or false.</summary>
    Flag,

    /// <summary>The receipt's lines: an array of objects with sku, amount and optional category and quantity.</summary>
    Lines,
}
