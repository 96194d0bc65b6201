using System.Diagnostics;
using System.Text.Json;

namespace RetentionActors.BackOffice.Tests;

public sealed class ImportCommandTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task The_silo_import_command_sends_a_large_file_in_chunks_with_progress_and_whole_file_line_numbers()
    {
        // 4,500 purchases: three chunks of at most 2,000 rows; line 3,002 (in the second chunk) is bad.
        var file = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.csv");
        var lines = new List<string> { "customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of" };
        for (var i = 0; i < 4500; i++)
        {
            lines.Add(i == 3000 ? "cmd-x,cmd-bad,s1,yesterday,10,purchase," : $"cmd-{i % 50},cmd-r{i},s1,2022-{1 + i % 12:00}-{1 + i % 28:00}T12:00:00Z,{1 + i % 90}.50,purchase,");
        }
        await File.WriteAllLinesAsync(file, lines, Ct);
        try
        {
            var (exit, output) = await RunAsync(file);
            Assert.Equal(1, exit); // one row refused
            Assert.Contains("line 3002: occurred_at 'yesterday'", output, StringComparison.Ordinal);
            Assert.Contains("4501 lines (100%): 4499 imported, 0 already there, 50 customers created, 1 refused", output, StringComparison.Ordinal);
            Assert.Equal(3, output.Split('\n').Count(l => l.Contains(" lines (", StringComparison.Ordinal)));

            // Again, as a named admin: nothing new, and the audit names the operator.
            var (name, secret) = await silo.CreateOperatorAsync("admin", "importer");
            (_, output) = await RunAsync(file, new() { ["RETENTION_OPERATOR"] = name, ["RETENTION_SECRET"] = secret });
            Assert.Contains("4501 lines (100%): 0 imported, 4499 already there, 0 customers created, 1 refused", output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);

            using var admin = silo.Admin();
            var customer = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/customers/cmd-7", Ct));
            Assert.Equal(90, customer.GetProperty("customer").GetProperty("visitCount").GetInt32());
            // Imports are audited on the ledger; the newest 1,000 of every target could be other tests' coupons.
            var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/audit?target=ledger&take=1000", Ct));
            // Each chunk: a row before its rows were booked, and one with its outcome.
            Assert.Equal(["done", "done", "done", "started", "started", "started"], audit.EnumerateArray()
                .Where(a => a.GetProperty("actor").GetString() == name && a.GetProperty("action").GetString() == "import-purchases")
                .Select(a => a.GetProperty("outcome").GetString()).Order(StringComparer.Ordinal));
            // The command logged out when it was done.
            await silo.LogLineAsync("the import command's logout", $"{name} logged out of the back office");
            var wrong = await RunAsync(file, new() { ["RETENTION_OPERATOR"] = name, ["RETENTION_SECRET"] = "not-the-secret" });
            Assert.Equal(1, wrong.Exit);
            Assert.Contains($"The silo refused the login of {name}: 401", wrong.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<(int Exit, string Output)> RunAsync(string file, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { SiloProcess.SiloDll, "import", file, "--url", silo.BaseUrl.ToString() })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("RETENTION_ADMIN_TOKEN");
        foreach (var (name, value) in environment ?? new() { ["RETENTION_ADMIN_TOKEN"] = BackOfficeSilo.AdminToken })
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct) + await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, output);
    }
}
