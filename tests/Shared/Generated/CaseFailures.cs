using System.Collections.Concurrent;

namespace RetentionActors.Tests.Shared.Generated;

/// <summary>
/// What went wrong in a generated run, case by case, reported together at the end: every message names the seed, the
/// case, what was sent (shortened) and what was wrong, and how to run that case alone.
/// </summary>
public sealed class CaseFailures(GeneratedRun run, string part)
{
    private const int Shown = 15;

    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<int, bool> _cases = new();

    public int Count => _failures.Count;

    public IReadOnlyList<string> All => [.. _failures];

    public void Add(int caseNumber, string operation, string input, string problem)
    {
        _cases[caseNumber] = true;
        _failures.Enqueue($"case {caseNumber} ({run.Reproduce(caseNumber)}): {operation}\n    sent: {input}\n    wrong: {problem}");
    }

    /// <summary>Fails the test listing the first failures, if there were any, after <paramref name="casesRun"/> cases.</summary>
    public void AssertNone(int casesRun)
    {
        if (_failures.IsEmpty)
        {
            return;
        }
        // The test's output keeps every failure; the message the first few.
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", _failures));
        var shown = _failures.Take(Shown).ToList();
        Assert.Fail($"{part}: {_cases.Count} of {casesRun} generated cases failed, with {_failures.Count} problems ({run}).\n"
            + string.Join("\n", shown)
            + (_failures.Count > shown.Count ? $"\n… and {_failures.Count - shown.Count} more." : ""));
    }
}
