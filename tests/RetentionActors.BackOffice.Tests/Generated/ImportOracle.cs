using System.Text.Json;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// Judges one answer to a generated history file: a refusal of the whole file (4xx), or a report that books nothing,
/// enrolls no one and refuses every row, naming its line with a short message.
/// </summary>
public static class ImportOracle
{
    /// <summary>A row's refusal quotes at most the start of a field: 300 characters is a sentence and a quote of 40.</summary>
    public const int MaxRowMessage = 300;

    public static string? Judge(ImportCase file, int status, string body)
    {
        if (status is < 200 or >= 300)
        {
            return status >= 400 ? ApiOracle.Judge(Request(file), status, body) : $"answered {status}: {Shown.Text(body, 300)}";
        }
        if (status != 200 || file.RowLines.Count == 0)
        {
            return $"accepted ({status}) a file that is no history: {Shown.Text(body, 300)}";
        }
        using var report = JsonDocument.Parse(body);
        var root = report.RootElement;
        var (imported, replayed, created) = (root.GetProperty("imported").GetInt32(), root.GetProperty("alreadyImported").GetInt32(), root.GetProperty("customersCreated").GetInt32());
        if (imported + replayed + created > 0)
        {
            return $"booked {imported}, replayed {replayed} and enrolled {created} from rows that are all broken: {Shown.Text(body, 400)}";
        }
        var errors = root.GetProperty("errors").EnumerateArray().Select(e => (Line: e.GetProperty("line").GetInt32(), Message: e.GetProperty("message").GetString() ?? "")).ToList();
        if (!errors.Select(e => e.Line).Order().SequenceEqual(file.RowLines))
        {
            return $"refused lines [{string.Join(", ", errors.Select(e => e.Line))}], not the broken rows' lines [{string.Join(", ", file.RowLines)}]: {Shown.Text(body, 400)}";
        }
        if (errors.FirstOrDefault(e => e.Message.Length > MaxRowMessage) is { Message: not null } tooLong)
        {
            return $"line {tooLong.Line}'s refusal is {tooLong.Message.Length:N0} characters long, more than {MaxRowMessage}: {Shown.Text(tooLong.Message, 120)}";
        }
        return null;
    }

    /// <summary>The file as the import takes it: posted as text/csv by <paramref name="caller"/>.</summary>
    public static ApiRequest Request(ImportCase file, ApiCaller? caller = null) =>
        new("POST /api/import/purchases", file.Defect, caller ?? ApiCaller.Anonymous, "POST", "/api/import/purchases", ApiRequest.Utf8(file.Csv), "text/csv", Expectation.Refused);
}
