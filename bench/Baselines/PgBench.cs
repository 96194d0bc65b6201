using System.Text.RegularExpressions;
using Npgsql;
using RetentionActors.Bench.Postgres;

namespace RetentionActors.Bench.Baselines;

/// <summary>
/// The database's own ceiling for small durable transactions: <c>pgbench -N</c> (its simple-update script:
/// update one account, read it back, insert a history row, commit) on the same server and clients as the bench.
/// </summary>
public static partial class PgBench
{
    public sealed record Outcome(double Tps, double MeanLatencyMs, long Transactions, long Failed, string Command);

    public static async Task InitialiseAsync(string binFolder, string connectionString, int scale) =>
        await Shell.RunAsync(Program(binFolder), ["-i", "-q", "-s", scale.ToString(CultureInfo.InvariantCulture), .. Connection(connectionString)], Password(connectionString));

    public static async Task<Outcome> RunAsync(string binFolder, string connectionString, int clients, int seconds)
    {
        string[] arguments = ["-N", "-n", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
            "-T", seconds.ToString(CultureInfo.InvariantCulture), .. Connection(connectionString)];
        var output = await Shell.RunAsync(Program(binFolder), arguments, Password(connectionString));
        double Read(Regex pattern) => pattern.Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        return new Outcome(Read(TpsPattern()), Read(LatencyPattern()), (long)Read(ProcessedPattern()), (long)(double.IsNaN(Read(FailedPattern())) ? 0 : Read(FailedPattern())),
            "pgbench " + string.Join(' ', arguments.Where(a => !a.Contains('/', StringComparison.Ordinal))));
    }

    private static string Program(string binFolder) => binFolder.Length > 0 ? Path.Combine(binFolder, "pgbench") : "pgbench";

    private static string[] Connection(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return ["-h", builder.Host ?? "127.0.0.1", "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username ?? "postgres", builder.Database ?? "postgres"];
    }

    private static Dictionary<string, string?> Password(string connectionString) =>
        new() { ["PGPASSWORD"] = new NpgsqlConnectionStringBuilder(connectionString).Password ?? "" };

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsPattern();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyPattern();

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex ProcessedPattern();

    [GeneratedRegex(@"number of failed transactions: ([0-9]+)")]
    private static partial Regex FailedPattern();
}
