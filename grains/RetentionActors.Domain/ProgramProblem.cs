namespace RetentionActors.Domain;

/// <summary>
/// One problem with program settings and the field it concerns, as a path into the settings' JSON (camelCase):
/// <c>currency</c>, <c>tiers[1].earnMultiplier</c>, <c>campaigns[0].ends</c>. The back office shows the message
/// beside that field; a rule spanning several entries points at the entry that breaks it.
/// </summary>
public sealed record ProgramProblem(string Path, string Message)
{
    /// <summary>The messages alone, each once: several fields may break one rule, which is still one problem to read.</summary>
    public static IReadOnlyList<string> Messages(IEnumerable<ProgramProblem> problems) => [.. problems.Select(p => p.Message).Distinct()];
}
