using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Tests.Shared;

/// <summary>Answers for commits made by tests, which need an operation's key stored with some answer, not a particular one.</summary>
internal static class TestAnswers
{
    /// <summary>An adjustment's answer whose points say which commit it came from.</summary>
    public static OperationAnswer Points(long points) => OperationAnswer.Of(new AdjustmentResult(points, points));
}
