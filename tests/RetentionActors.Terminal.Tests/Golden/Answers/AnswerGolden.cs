using System.Text;
using RetentionActors.Terminal.Modes;

namespace RetentionActors.Terminal.Tests.Golden.Answers;

/// <summary>
/// The golden files of <see cref="AnswerSamples"/>: each sample's JSON line (the JSON mode's contract with the till
/// software) and what the cashier screen shows for it, as the code wrote them when the files were made.
/// </summary>
public static class AnswerGolden
{
    public const string JsonFile = "answer-lines.txt";
    public const string ScreenFile = "answer-screen.txt";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Golden", "Answers");

    /// <summary>One line per sample: its name, a tab, its JSON line.</summary>
    public static string JsonLines() =>
        string.Concat(AnswerSamples.All.Select(s => $"{s.Name}\t{JsonAnswerWriter.Serialize(s.Answer)}\n")
            .Concat(AnswerSamples.JsonOnly.Select(s => $"{s.Name}\t{JsonAnswerWriter.SerializeCardRead(s.Answer)}\n")));

    /// <summary>Per sample: its name after <c>== </c>, then the lines the cashier screen (no colours) shows for it; the answers a screen shows only.</summary>
    public static string ScreenText()
    {
        var text = new StringBuilder();
        foreach (var (name, answer) in AnswerSamples.All.Where(s => !AnswerSamples.NotOnScreen.Contains(s.Name)))
        {
            using var output = new StringWriter { NewLine = "\n" };
            new CashierScreen(output, colour: false).Show(answer);
            text.Append("== ").Append(name).Append('\n').Append(output);
        }
        return text.ToString();
    }
}
