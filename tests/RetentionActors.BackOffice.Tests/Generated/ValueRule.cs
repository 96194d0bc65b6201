using CsCheck;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// What one field or parameter takes, as far as a generator needs to know: values of the right JSON type that it
/// refuses all the same (<see cref="Invalid"/>; none for a filter that takes anything), and, for free text, hostile values it may well take
/// (<see cref="Harmless"/>: a search for markup finds nothing, and that is fine).
/// </summary>
public sealed record ValueRule(string Name, Gen<Fragment>? Invalid, Gen<Fragment>? Harmless = null)
{
    public override string ToString() => Name;
}
