using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RetentionActors.Silo.Commands;

/// <summary>
/// <c>import &lt;file.csv&gt; [--url http://localhost:8080]</c>: sends a large purchase history to a
/// running silo's import API in chunks, printing progress. It logs in as the admin named by
/// <c>RETENTION_OPERATOR</c> with the secret in <c>RETENTION_SECRET</c> (and logs out at the end), or uses
/// the bootstrap token in <c>RETENTION_ADMIN_TOKEN</c>: from the environment, never the command line.
/// Errors carry their line number in the whole file. Rows are idempotent, so an interrupted import is
/// simply run again.
/// </summary>
public static class ImportCommand
{
    private const int ChunkRows = 2000;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && a != "import");
        var url = args.SkipWhile(a => a != "--url").Skip(1).FirstOrDefault() ?? "http://localhost:8080";
        var operatorName = Environment.GetEnvironmentVariable("RETENTION_OPERATOR");
        var secret = Environment.GetEnvironmentVariable("RETENTION_SECRET");
        var token = Environment.GetEnvironmentVariable("RETENTION_ADMIN_TOKEN");
        if (file is null || !File.Exists(file) || (string.IsNullOrEmpty(token) && (string.IsNullOrEmpty(operatorName) || string.IsNullOrEmpty(secret))))
        {
            await output.WriteLineAsync("usage: RETENTION_OPERATOR=<admin> RETENTION_SECRET=<secret> import <file.csv> [--url http://localhost:8080]");
            await output.WriteLineAsync("   or: RETENTION_ADMIN_TOKEN=<bootstrap token> import <file.csv> [--url http://localhost:8080]");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(10) };
        if (!string.IsNullOrEmpty(operatorName) && !string.IsNullOrEmpty(secret))
        {
            using var login = await http.PostAsJsonAsync("/api/sessions", new SessionsApi.LoginRequest(operatorName, secret));
            if (!login.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"The silo refused the login of {operatorName}: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
                return 1;
            }
            token = (await login.Content.ReadFromJsonAsync<SessionsApi.NewSession>(s_json))!.SessionId;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            try
            {
                return await ImportAsync(http, file, output);
            }
            finally
            {
                using var logout = await http.DeleteAsync("/api/sessions/current");
            }
        }
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await ImportAsync(http, file, output);
    }

    private static async Task<int> ImportAsync(HttpClient http, string file, TextWriter output)
    {
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
                var report = (await response.Content.ReadFromJsonAsync<ImportApi.ImportReport>(s_json))!;
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
