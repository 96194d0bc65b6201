namespace RetentionActors.Domain;

/// <summary>
/// Every version of the program's rules with the time it took effect, so that a sale is judged by
/// the rules in force when it occurred — also when an offline till delivers it late.
/// </summary>
public sealed class ProgramHistory(IReadOnlyList<(DateTimeOffset EffectiveFrom, ProgramRules Rules)> versions)
{
    private readonly IReadOnlyList<(DateTimeOffset EffectiveFrom, ProgramRules Rules)> _versions = [.. versions.OrderBy(v => v.EffectiveFrom)];

    public ProgramRules Current => _versions[^1].Rules;

    public IEnumerable<ProgramRules> Versions => _versions.Select(v => v.Rules);

    /// <summary>Pending and expiry of points by the version in force when they were earned.</summary>
    public Ledger.LotTiming Timing => field ??= Ledger.LotTiming.From(this);

    /// <summary>The rules in force at <paramref name="at"/>; before the first version, the first version.</summary>
    public ProgramRules At(DateTimeOffset at) => _versions.LastOrDefault(v => v.EffectiveFrom <= at, _versions[0]).Rules;
}
