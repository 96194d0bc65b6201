using CsCheck;

namespace RetentionActors.Tests.Shared.Generated;

/// <summary>
/// Which cases a generated-input suite runs: from a seed (fixed by default, <c>RETENTION_GENERATED_SEED</c> to vary it),
/// as many as the quick size times <c>RETENTION_GENERATED_SCALE</c> (1 in CI; 10 or more for a large run on demand), or
/// only case <c>RETENTION_GENERATED_CASE</c> to reproduce one. Each case draws from its own PCG stream, so case 17 of a
/// seed is the same input whether the run has 20 cases or 20,000.
/// </summary>
public sealed record GeneratedRun(ulong Seed, int Scale, int? OnlyCase)
{
    public const ulong DefaultSeed = 20_260_421;

    public static GeneratedRun FromEnvironment() => new(
        Number("RETENTION_GENERATED_SEED", DefaultSeed),
        (int)Number("RETENTION_GENERATED_SCALE", 1),
        Environment.GetEnvironmentVariable("RETENTION_GENERATED_CASE") is { Length: > 0 } only ? (int)Parse("RETENTION_GENERATED_CASE", only) : null);

    /// <summary>The case numbers to run, from 1: the quick size times the scale, or the one case asked for.</summary>
    public IReadOnlyList<int> CaseNumbers(int quickSize) =>
        OnlyCase is { } one ? [one] : [.. Enumerable.Range(1, quickSize * Scale)];

    /// <summary>Case <paramref name="caseNumber"/>'s value of <paramref name="gen"/>: the same for the same seed, always.</summary>
    public T Generate<T>(Gen<T> gen, int caseNumber) => gen.Generate(new PCG((uint)caseNumber, Seed), null!, out _);

    /// <summary>The environment that runs only <paramref name="caseNumber"/> again.</summary>
    public string Reproduce(int caseNumber) => $"RETENTION_GENERATED_SEED={Seed} RETENTION_GENERATED_CASE={caseNumber}";

    public override string ToString() => $"seed {Seed}, scale {Scale}" + (OnlyCase is { } one ? $", only case {one}" : "");

    private static ulong Number(string name, ulong fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? Parse(name, text) : fallback;

    private static ulong Parse(string name, string text) =>
        ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"{name} must be a whole number above 0, not '{text}'.");
}
