using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// Where a page of the dormant list ended: the last customer's sort key (spend as the spend index holds it, or last purchase
/// in UTC ticks) and id. The next page seeks past it in the index, so a deep page costs what the first one does, and a
/// customer who moves between pages is neither skipped nor listed twice by the ones who stay. Sent as opaque text.
/// </summary>
public sealed record DormantCursor(DormantOrder Order, decimal Key, string CustomerId)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        $"{(Order == DormantOrder.Recency ? 'r' : 's')}|{Key.ToString(CultureInfo.InvariantCulture)}|{CustomerId}"));

    /// <summary>The cursor <paramref name="text"/> encodes, if it is one that <see cref="Encode"/> wrote for <paramref name="order"/>.</summary>
    public static bool TryParse(string text, DormantOrder order, out DormantCursor? cursor)
    {
        cursor = null;
        if (text.Length > 200 || !Base64Url.IsValid(text))
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(text));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }
        var parts = decoded.Split('|');
        if (parts.Length != 3 || parts[0] != (order == DormantOrder.Recency ? "r" : "s") || parts[2].Length is 0 or > 64
            || !decimal.TryParse(parts[1], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var key)
            || order == DormantOrder.Recency && (key != decimal.Truncate(key) || key < DateTime.MinValue.Ticks || key > DateTime.MaxValue.Ticks))
        {
            return false;
        }
        cursor = new DormantCursor(order, key, parts[2]);
        return true;
    }
}
