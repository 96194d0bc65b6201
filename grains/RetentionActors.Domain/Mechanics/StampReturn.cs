using RetentionActors.Domain.Ledger;

namespace RetentionActors.Domain.Mechanics;

/// <summary>
/// What a return takes back from the stamp cards: of the stamps its purchase earned on each card, the
/// same share as of its points (same rounding, so partial returns add up to all of them at a full
/// return), but never more than the card holds. A free-item coupon the stamps completed stays issued.
/// </summary>
public static class StampReturn
{
    /// <summary>Stamps to take from each card (cards with nothing to take are left out).</summary>
    public static IReadOnlyDictionary<string, int> TakenBack(PurchaseRecord purchase, decimal amount,
        IReadOnlyDictionary<string, int> earned, IReadOnlyDictionary<string, int> held)
    {
        var taken = new Dictionary<string, int>();
        foreach (var (card, stamps) in earned)
        {
            var take = (int)Math.Min(purchase.ShareOfRefund(stamps, amount), held.GetValueOrDefault(card));
            if (take > 0)
            {
                taken[card] = take;
            }
        }
        return taken;
    }

    /// <summary>The stamps <paramref name="held"/> on each card once <paramref name="taken"/> are taken back.</summary>
    public static Dictionary<string, int> Remaining(IReadOnlyDictionary<string, int> held, IReadOnlyDictionary<string, int> taken) =>
        held.ToDictionary(s => s.Key, s => s.Value - taken.GetValueOrDefault(s.Key));
}
