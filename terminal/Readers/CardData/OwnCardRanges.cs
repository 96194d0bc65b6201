namespace RetentionActors.Terminal.Readers.CardData;

/// <summary>
/// The card-number prefixes the loyalty program issues itself (<c>--card-range</c>, and the program's
/// <c>CardNumberRanges</c> once the silo answers). A Luhn-valid number with an expiry date inside one of
/// them is ours; outside them it is taken for a bank card and refused.
/// </summary>
public sealed class OwnCardRanges(IEnumerable<string> prefixes)
{
    private string[] _prefixes = prefixes.Where(p => p.Length > 0).ToArray();

    /// <summary>Adds the program's ranges; readers may be classifying on another thread meanwhile.</summary>
    public void Add(IEnumerable<string> prefixes) =>
        Volatile.Write(ref _prefixes, [.. Volatile.Read(ref _prefixes).Union(prefixes.Where(p => p.Length > 0))]);

    public static OwnCardRanges None { get; } = new([]);

    public bool Contains(ReadOnlySpan<char> number)
    {
        foreach (var prefix in Volatile.Read(ref _prefixes))
        {
            if (number.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
