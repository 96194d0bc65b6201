using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// Judges one answer to a generated request: never a server error, a 4xx when the request is invalid, no stack trace,
/// and a refusal that does not repeat the input.
/// </summary>
public static class ApiOracle
{
    /// <summary>
    /// The longest refusal allowed. The back office's longest refusals are ProblemDetails of a few hundred bytes (the
    /// refusal message is cut at 300 characters, a program-settings refusal lists its problems within it, and the
    /// rest is type, title, status, the field's name and a trace id); 4 KB leaves room for a refusal naming several
    /// fields, and is far below the 10 KB to 31 MB inputs the suite sends, so a refusal that echoes one fails.
    /// </summary>
    public const int MaxRefusal = 4096;

    private static readonly string[] StackTraceMarks = ["   at ", ".cs:line ", "Exception:", "StackTrace", "--- End of"];

    /// <summary>What is wrong with answering <paramref name="request"/> with <paramref name="status"/> and <paramref name="body"/>; null when nothing is.</summary>
    public static string? Judge(ApiRequest request, int status, string body)
    {
        if (status >= 500)
        {
            return $"a server error, {status}: {Shown.Text(body, 300)}";
        }
        if (request.Expect == Expectation.Refused && status is < 400)
        {
            return $"accepted ({status}) although the request is invalid: {Shown.Text(body, 300)}";
        }
        if (StackTraceMarks.FirstOrDefault(mark => body.Contains(mark, StringComparison.Ordinal)) is { } mark)
        {
            return $"the answer ({status}) shows a stack trace ('{mark.Trim()}'): {Shown.Text(body, 300)}";
        }
        if (status >= 400 && body.Length > MaxRefusal)
        {
            return $"the refusal ({status}) is {body.Length:N0} characters long, more than {MaxRefusal:N0}: it repeats the input ({Shown.Text(body, 120)})";
        }
        return null;
    }
}
