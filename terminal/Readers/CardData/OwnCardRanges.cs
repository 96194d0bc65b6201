namespace RetentionActors.Terminal.Readers.CardData;

/// <summary>
/// The card-number prefixes the loyalty program issues itself (<c>--card-range</c>). A Luhn-valid number
/// with an expiry date inside one of them is ours; outside them it is taken for a bank card and refused.
/// </summary>
public sealed class OwnCardRanges(IEnumerable<string> prefixes)
{
    private readonly string[] _prefixes = prefixes.Where(p => p.Length > 0).ToArray();

    public static OwnCardRanges None { get; } = new([]);

    public bool Contains(ReadOnlySpan<char> number)
    {
        foreach (var prefix in _prefixes)
        {
            if (number.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
