namespace RetentionActors.Terminal.Tests.Golden.Answers;

/// <summary>
/// The JSON lines and the screen text of every answer kind stay as the golden files have them (see README.md): the
/// till software parses the lines, so a changed field name, order or value breaks it.
/// </summary>
public sealed class AnswerGoldenTests
{
    [Fact]
    public void Every_answer_kind_writes_the_JSON_line_of_the_golden_file() =>
        AssertSameLines(File.ReadAllText(Path.Combine(AnswerGolden.Folder, AnswerGolden.JsonFile)), AnswerGolden.JsonLines());

    [Fact]
    public void Every_answer_kind_shows_the_screen_text_of_the_golden_file() =>
        AssertSameLines(File.ReadAllText(Path.Combine(AnswerGolden.Folder, AnswerGolden.ScreenFile)), AnswerGolden.ScreenText());

    // Line by line, so a failure names the first line that differs.
    private static void AssertSameLines(string golden, string written)
    {
        var expected = golden.Split('\n');
        var actual = written.Split('\n');
        for (var i = 0; i < Math.Min(expected.Length, actual.Length); i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
        Assert.Equal(expected.Length, actual.Length);
    }
}
