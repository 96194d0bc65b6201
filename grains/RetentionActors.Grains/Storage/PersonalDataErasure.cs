using Orleans.Runtime;

namespace RetentionActors.Grains.Storage;

/// <summary>
/// What an erasure removes besides the profile: free text that operators typed about the customer. The store replaces,
/// in the commit that pseudonymises the profile, the reasons of their manual adjustments in the ledger, the details of
/// the audit rows about them and their cards, the reasons and notes of their adjustment approvals, the block reasons
/// of their cards and the descriptions of the coupons the back office issued them, each by <see cref="Marker"/>.
/// Amounts, points, kinds and dates stay: the books must still add up.
/// </summary>
/// <param name="cardIds">The customer's cards (audit rows about a card name the card, not the customer).</param>
/// <param name="programCoupons">
/// Coupons the program issued the customer (stamps, gifts, rewards): their descriptions are the program's own words and stay.
/// </param>
public sealed class PersonalDataErasure(IReadOnlyList<string> cardIds, IReadOnlyList<string> programCoupons)
{
    /// <summary>What replaces erased free text.</summary>
    public const string Marker = "[erased]";

    private readonly List<GrainId> _rewritten = [];

    public IReadOnlyList<string> CardIds { get; } = cardIds;

    public IReadOnlyList<string> ProgramCoupons { get; } = programCoupons;

    /// <summary>
    /// The grains whose stored state the store rewrote, filled once the commit is durable: their activations hold the
    /// old text in memory and must be told to reload.
    /// </summary>
    public IReadOnlyList<GrainId> RewrittenGrains => _rewritten;

    /// <summary>For the store, while it writes (a write may run again after a rollback: <paramref name="grains"/> replaces what was noted).</summary>
    public void NoteRewritten(IEnumerable<GrainId> grains)
    {
        _rewritten.Clear();
        _rewritten.AddRange(grains);
    }
}
