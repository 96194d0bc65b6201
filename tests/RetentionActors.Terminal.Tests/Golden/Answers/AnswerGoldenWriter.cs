namespace RetentionActors.Terminal.Tests.Golden.Answers;

/// <summary>
/// Writes the golden files of <see cref="AnswerGolden"/> with the code of the commit it runs on. Run by hand only, into
/// the folder named by <c>RETENTION_GOLDEN_OUT</c>:
/// <c>RETENTION_GOLDEN_OUT=$PWD/tests/RetentionActors.Terminal.Tests/Golden/Answers dotnet run --project tests/RetentionActors.Terminal.Tests -- -explicit only -class RetentionActors.Terminal.Tests.Golden.Answers.AnswerGoldenWriter</c>
/// </summary>
public sealed class AnswerGoldenWriter
{
    [Fact(Explicit = true)]
    public void Write_the_golden_answers()
    {
        var output = Environment.GetEnvironmentVariable("RETENTION_GOLDEN_OUT") is { Length: > 0 } folder
            ? folder
            : throw new InvalidOperationException("Set RETENTION_GOLDEN_OUT to the folder the golden answers go to.");
        File.WriteAllText(Path.Combine(output, AnswerGolden.JsonFile), AnswerGolden.JsonLines());
        File.WriteAllText(Path.Combine(output, AnswerGolden.ScreenFile), AnswerGolden.ScreenText());
    }
}
