using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RetentionActors.Silo.Api;

/// <summary>
/// <c>import &lt;file.csv&gt; [--url http://localhost:8080]</c>: sends a large purchase history to a
/// running silo's import API in chunks, printing progress, with the admin token from
/// <c>RETENTION_ADMIN_TOKEN</c>. Errors carry their line number in the whole file. Rows are
/// idempotent, so an interrupted import is simply run again.
/// </summary>
public static class ImportCommand
{
    private const int ChunkRows = 2000;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && a != "import");
        var url = args.SkipWhile(a => a != "--url").Skip(1).FirstOrDefault() ?? "http://localhost:8080";
        var token = Environment.GetEnvironmentVariable("RETENTION_ADMIN_TOKEN");
        if (file is null || !File.Exists(file) || string.IsNullOrEmpty(token))
        {
            await output.WriteLineAsync("usage: RETENTION_ADMIN_TOKEN=<token> import <file.csv> [--url http://localhost:8080]");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var reader = new StreamReader(file);
        var header = await reader.ReadLineAsync() ?? "";
        var total = reader.BaseStream.Length;
        var (imported, replayed, created, refused, lines) = (0, 0, 0, 0, 1);
        var chunk = new StringBuilder();
        var chunkFirstLine = 2;
        var rows = 0;
        while (true)
        {
            var line = await reader.ReadLineAsync();
            if (line is not null)
            {
                lines++;
                chunk.Append(line).Append('\n');
                rows++;
            }
            if (rows > 0 && (rows == ChunkRows || line is null))
            {
                using var content = new StringContent(header + "\n" + chunk, Encoding.UTF8, "text/csv");
                using var response = await http.PostAsync("/api/import/purchases", content);
                if (!response.IsSuccessStatusCode)
                {
                    await output.WriteLineAsync($"The silo refused lines {chunkFirstLine}-{lines}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return 1;
                }
                var report = (await response.Content.ReadFromJsonAsync<ImportApi.ImportReport>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
                foreach (var error in report.Errors)
                {
                    // The chunk's line 2 is the file's chunkFirstLine.
                    await output.WriteLineAsync($"line {chunkFirstLine + error.Line - 2}: {error.Message}");
                }
                (imported, replayed, created, refused) = (imported + report.Imported, replayed + report.AlreadyImported, created + report.CustomersCreated, refused + report.Errors.Count);
                var done = total == 0 ? 100 : 100 * reader.BaseStream.Position / total;
                await output.WriteLineAsync($"{lines} lines ({done}%): {imported} imported, {replayed} already there, {created} customers created, {refused} refused");
                chunk.Clear();
                rows = 0;
                chunkFirstLine = lines + 1;
            }
            if (line is null)
            {
                return refused == 0 ? 0 : 1;
            }
        }
    }
}
