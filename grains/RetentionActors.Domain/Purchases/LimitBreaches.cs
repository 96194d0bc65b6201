namespace RetentionActors.Domain.Purchases;

/// <summary>The velocity-limit breaches a customer's document keeps for customer care: the most recent, newest last.</summary>
public static class LimitBreaches
{
    public const int Kept = 50;

    /// <summary>The breaches after one more at <paramref name="at"/>: the oldest is dropped once <see cref="Kept"/> are held.</summary>
    /// <remarks>A <see cref="List{T}"/>, as before: the list travels in the customer summary, whose serializer knows lists.</remarks>
    public static List<string> After(IReadOnlyList<string> breaches, DateTimeOffset at, string rule) =>
        breaches.TakeLast(Kept - 1).Append($"{at:O} {rule}").ToList();
}
