using System.Text;

namespace RetentionActors.Tests.Shared.Generated;

/// <summary>Inputs as a failure message shows them: the start only, control characters visible, the full length said.</summary>
public static class Shown
{
    public static string Text(string? text, int keep = 200)
    {
        if (text is null)
        {
            return "(none)";
        }
        var shown = new StringBuilder();
        foreach (var c in text.Take(keep))
        {
            shown.Append(char.IsControl(c) || char.IsSurrogate(c) || c is '\u200b' or '\u202e' ? $"\\u{(int)c:x4}" : c);
        }
        return text.Length > keep ? $"{shown}… ({text.Length:N0} characters)" : shown.ToString();
    }

    public static string Bytes(byte[]? body, int keep = 200) =>
        body is null ? "(no body)" : Text(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, keep * 4)), keep)
            + (body.Length > keep * 4 ? $" ({body.Length:N0} bytes)" : "");
}
