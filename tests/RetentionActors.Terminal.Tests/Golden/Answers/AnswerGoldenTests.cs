using RetentionActors.Terminal.Checkout;

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

    // Screens and the JSON mode match answers with switches the compiler cannot prove complete (C# has no closed
    // hierarchies): every answer record has a sample here, so a new one without its arm fails these tests.
    [Fact]
    public void Every_answer_record_has_a_golden_sample()
    {
        var records = typeof(DeskAnswer).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(DeskAnswer)) && !t.IsAbstract).Select(t => t.Name).Order();
        var sampled = AnswerSamples.All.Concat(AnswerSamples.JsonOnly).Select(s => s.Answer.GetType().Name).Distinct().Order();

        Assert.Equal(records, sampled);
    }

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
