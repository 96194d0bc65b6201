using Npgsql;
using RetentionActors.Bench.Load;

namespace RetentionActors.Bench.Postgres;

/// <summary>
/// The PostgreSQL a run measures: either one the caller points at (<c>--postgres</c>), or a throwaway
/// server started with the repository's <c>.ci/postgres</c> on its own port and removed afterwards.
/// Each part of the run gets a fresh database of its own on it.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string? _stopScript;
    private readonly Dictionary<string, string?> _scriptEnvironment;

    private PostgresServer(string connectionString, string binFolder, int? postmasterPid, string? stopScript, Dictionary<string, string?> environment)
    {
        ConnectionString = connectionString;
        BinFolder = binFolder;
        PostmasterPid = postmasterPid;
        _stopScript = stopScript;
        _scriptEnvironment = environment;
    }

    public string ConnectionString { get; }
    public string BinFolder { get; }

    /// <summary>Known when we started the server or it runs on this machine, so its CPU time can be counted.</summary>
    public int? PostmasterPid { get; }

    public string Description => _stopScript is null
        ? $"external PostgreSQL (--postgres){(PostmasterPid is null ? "" : ", on this machine: its CPU counted")}"
        : $"throwaway PostgreSQL started by .ci/postgres on port {new NpgsqlConnectionStringBuilder(ConnectionString).Port}";

    public static async Task<PostgresServer> OpenAsync(string? connectionString, int port, string repositoryRoot)
    {
        var bin = Environment.GetEnvironmentVariable("RETENTION_PG_BIN") is { Length: > 0 } fromEnvironment ? fromEnvironment : NewestServerBin();
        if (connectionString is not null)
        {
            return new PostgresServer(connectionString, bin, await LocalPostmasterAsync(connectionString), null, []);
        }

        var script = Path.Combine(repositoryRoot, ".ci", "postgres");
        var dataFolder = $"/tmp/retention-bench-pg-{port}";
        var environment = new Dictionary<string, string?> { ["RETENTION_PG_PORT"] = port.ToString(CultureInfo.InvariantCulture), ["RETENTION_PG_DIR"] = dataFolder };
        var output = await Shell.RunAsync(script, ["start"], environment);
        var started = output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("export ", StringComparison.Ordinal))
            .Select(l => l["export ".Length..].Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim('\''));
        var pid = int.Parse(File.ReadLines(Path.Combine(dataFolder, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        return new PostgresServer(started["RETENTION_TEST_POSTGRES"], started.GetValueOrDefault("RETENTION_PG_BIN") ?? bin, pid, script, environment);
    }

    // The postmaster of a server given with --postgres, when it runs on this machine (reached on loopback or a socket; its
    // backend's parent process, named postgres), so its CPU time counts too; null when it runs elsewhere or cannot be reached.
    private static async Task<int?> LocalPostmasterAsync(string connectionString)
    {
        var host = new NpgsqlConnectionStringBuilder(connectionString).Host ?? "";
        var local = host.StartsWith('/') || host == "localhost" || System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address);
        if (!OperatingSystem.IsLinux() || !local)
        {
            return null;
        }
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
            var backend = (int)(await command.ExecuteScalarAsync())!;
            return CpuMeter.ParentOf(backend) is { } parent && (await File.ReadAllTextAsync($"/proc/{parent}/comm")).Trim() == "postgres" ? parent : null;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A fresh, empty database named <paramref name="name"/>; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, MaxPoolSize = 100 }.ConnectionString;
    }

    /// <summary>The server's <c>max_connections</c>: what every pool of every process on it shares.</summary>
    public async Task<int> MaxConnectionsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var show = new NpgsqlCommand("SHOW max_connections", connection);
        return int.Parse((string)(await show.ExecuteScalarAsync())!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary><c>pg_ctl stop -m fast</c> on a server this run started: every session is told it is shutting down, then it is gone.</summary>
    public Task StopAsync() => PgCtlAsync("stop", "-m", "fast");

    /// <summary><c>pg_ctl start</c> with the options <c>.ci/postgres</c> started it with; returns once it accepts connections.</summary>
    public Task StartAsync()
    {
        var (port, folder) = (_scriptEnvironment["RETENTION_PG_PORT"], _scriptEnvironment["RETENTION_PG_DIR"]);
        return PgCtlAsync("start", "-l", $"{folder}/server.log", "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300");
    }

    /// <summary>
    /// Terminates every other backend of <paramref name="connectionString"/>'s database, as an idle-session kill or a
    /// failover does, and waits until they are gone; returns how many.
    /// </summary>
    public static async Task<int> TerminateBackendsAsync(string connectionString)
    {
        // Unpooled: this connection must not be handed back later as a live one.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var killed = new List<int>();
        // pg_terminate_backend in the select list, not the WHERE clause, so it never reaches this connection.
        await using (var kill = new NpgsqlCommand(
            "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection))
        await using (var reader = await kill.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                killed.Add(reader.GetInt32(0));
            }
        }
        await using var alive = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(@pids)", connection);
        alive.Parameters.AddWithValue("pids", killed.ToArray());
        for (var deadline = DateTime.UtcNow.AddSeconds(30); (long)(await alive.ExecuteScalarAsync())! > 0 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(50);
        }
        return killed.Count;
    }

    private Task PgCtlAsync(params string[] args)
    {
        if (_stopScript is null)
        {
            throw new InvalidOperationException("Only a PostgreSQL this run started itself can be stopped and started.");
        }
        string[] command = [Path.Combine(BinFolder, "pg_ctl"), "-D", $"{_scriptEnvironment["RETENTION_PG_DIR"]}/data", "-w", .. args];
        // The server refuses to run as root; .ci/postgres made its folder the postgres user's.
        return Environment.UserName == "root" ? Shell.RunAsync("runuser", ["-u", "postgres", "--", .. command]) : Shell.RunAsync(command[0], command[1..]);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_stopScript is not null)
        {
            await Shell.RunAsync(_stopScript, ["stop"], _scriptEnvironment);
        }
    }

    private static string NewestServerBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault() ?? ""
            : "";
}
