using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Modes;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>An answer as the JSON mode writes it, so a test can check what the till software would read of it.</summary>
public static class AnswerLines
{
    public static AnswerLine Line(this DeskAnswer answer) => AnswerLine.Of(answer);
}
