using System.Diagnostics;
using Npgsql;
using RetentionActors.Tests.Shared;
using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Silo.Tests;

/// <summary>
/// A PostgreSQL server of this test class alone (folder /tmp/pg-dbfaults-test, through <c>.ci/postgres</c>), which its
/// tests may stop, start and cut. The shared server other test assemblies use at the same time is never touched. Its
/// port is taken below the kernel's ephemeral range (<see cref="FreePorts"/>): while a test has it stopped, a fixed port
/// in that range could become some other test's outgoing connection's, and the restart would fail.
/// </summary>
public sealed class OwnPostgres : IAsyncLifetime
{
    public int Port { get; } = FreePorts.Take(1)[0];
    private const string Folder = "/tmp/pg-dbfaults-test";
    private string? _bin;
    private string? _failure;

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=retention_test;Timeout=5";

    public async ValueTask InitializeAsync()
    {
        var (exitCode, output) = await RunAsync("bash", [Path.Combine(RepositoryRoot(), ".ci", "postgres"), "start"]);
        _bin = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("export RETENTION_PG_BIN=", StringComparison.Ordinal))?
            .Split('=', 2)[1].Trim('\'');
        if (exitCode != 0 || _bin is null)
        {
            _failure = $".ci/postgres start on port {Port} failed ({exitCode}): {output}";
        }
    }

    public async ValueTask DisposeAsync() => await RunAsync("bash", [Path.Combine(RepositoryRoot(), ".ci", "postgres"), "stop"]);

    /// <summary>A new database on this server, for one test.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        if (_failure is not null)
        {
            PostgresTestDatabase.RequirePrerequisite(_failure);
        }
        var name = "outage_" + Guid.NewGuid().ToString("N")[..12];
        // Unpooled: a pooled connection from before a test stopped the server would be dead.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary><c>pg_ctl stop -m fast</c>: every session is told the server is shutting down (57P01), then it is gone.</summary>
    public Task StopAsync() => PgCtlAsync("stop", "-m", "fast");

    /// <summary><c>pg_ctl start</c> with the options it was first started with; returns once it accepts connections.</summary>
    public Task StartAsync() => PgCtlAsync("start", "-l", $"{Folder}/server.log", "-o", $"-p {Port} -k {Folder} -c listen_addresses=127.0.0.1 -c max_connections=300");

    private async Task PgCtlAsync(params string[] args)
    {
        string[] command = [$"{_bin}/pg_ctl", "-D", $"{Folder}/data", "-w", .. args];
        // The server refuses to run as root; .ci/postgres made its folder the postgres user's.
        var (exitCode, output) = Environment.UserName == "root"
            ? await RunAsync("runuser", ["-u", "postgres", "--", .. command])
            : await RunAsync(command[0], command[1..]);
        Assert.True(exitCode == 0, $"pg_ctl {string.Join(' ', args)} failed ({exitCode}): {output}");
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        start.Environment["RETENTION_PG_PORT"] = $"{Port}";
        start.Environment["RETENTION_PG_DIR"] = Folder;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "RetentionActors.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("RetentionActors.sln not found above " + AppContext.BaseDirectory);
        }
        return folder.FullName;
    }
}
