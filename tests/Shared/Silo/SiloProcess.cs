using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RetentionActors.Tests.Shared.Silo;

/// <summary>The real silo program in a process of its own, on free ports, with the environment a test gives, so a test can kill it for real.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _dashboard = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private SiloProcess(Process process, int gatewayPort)
    {
        _process = process;
        GatewayPort = gatewayPort;
    }

    public int GatewayPort { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static Task<SiloProcess> StartAsync(string dataFolder, params string[] extraArgs) =>
        StartAsync(dataFolder, new Dictionary<string, string>(), extraArgs);

    public static async Task<SiloProcess> StartAsync(string dataFolder, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        var (siloPort, gatewayPort, httpPort) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(SiloDll)!,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        foreach (var arg in (string[])[SiloDll, "--data", dataFolder, "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--http-port", $"{httpPort}", .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }

        var silo = new SiloProcess(new Process { StartInfo = start, EnableRaisingEvents = true }, gatewayPort);
        silo._process.OutputDataReceived += (_, e) => silo.Record(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Record(e.Data);
        silo._process.Exited += (_, _) => silo._dashboard.TrySetException(new InvalidOperationException($"The silo exited before it was ready:\n{silo.Output}"));
        silo._process.Start();
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        await silo._dashboard.Task.WaitAsync(TimeSpan.FromSeconds(150));
        return silo;
    }

    /// <summary>The dashboard URL the silo printed on start.</summary>
    public Task<string> DashboardUrl => _dashboard.Task;

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses power or the process is OOM-killed.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGINT, as Ctrl+C in a terminal; returns the exit code.</summary>
    public async Task<int> InterruptAsync()
    {
        using (var kill = Process.Start("kill", ["-INT", $"{_process.Id}"]))
        {
            await kill.WaitForExitAsync();
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
        var marker = line.IndexOf("Dashboard:", StringComparison.Ordinal);
        if (marker >= 0)
        {
            _dashboard.TrySetResult(line[(marker + "Dashboard:".Length)..].Trim());
        }
    }

    internal static string SiloDll
    {
        get
        {
            // The silo's own build output, built by the project reference, with its own deps and runtime config.
            var testOutput = AppContext.BaseDirectory;
            var configuration = new DirectoryInfo(testOutput).Parent!.Name;
            var root = new DirectoryInfo(testOutput);
            while (!File.Exists(Path.Combine(root.FullName, "RetentionActors.sln")))
            {
                root = root.Parent ?? throw new InvalidOperationException("RetentionActors.sln not found above " + testOutput);
            }
            return Path.Combine(root.FullName, "silo", "bin", configuration, "net10.0", "RetentionActors.Silo.dll");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
