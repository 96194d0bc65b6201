using CsCheck;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// What one field or parameter takes, as far as a generator needs to know: values of the right JSON type that it
/// refuses all the same (<see cref="Listed"/>, each sent in every run, and <see cref="More"/>, drawn at random: long
/// strings, control characters), and, for free text, hostile values it may well take (<see cref="Harmless"/>: a search
/// for markup finds nothing, and that is fine).
/// </summary>
public sealed record ValueRule(string Name, IReadOnlyList<Fragment> Listed, Gen<Fragment>? More = null, Gen<Fragment>? Harmless = null)
{
    /// <summary>Any invalid value, listed or drawn; null for a filter that takes anything.</summary>
    public Gen<Fragment>? Invalid => (Listed.Count, More) switch
    {
        (0, null) => null,
        (0, { } more) => more,
        (_, null) => Gen.OneOf<Fragment>([.. Listed]),
        (_, { } more) => Gen.OneOf<Fragment>(Gen.OneOf<Fragment>([.. Listed]), more),
    };

    public override string ToString() => Name;
}
