using System.Diagnostics;

namespace RetentionActors.Tests.Shared.Silo;

/// <summary>The real silo program in a process of its own, on free or given ports, with the environment a test gives, so a test can kill it for real.</summary>
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

    public static Task<SiloProcess> StartAsync(string dataFolder, IReadOnlyDictionary<string, string> environment, params string[] extraArgs) =>
        StartAsync(dataFolder, SiloPorts.Free(), environment, TimeSpan.FromSeconds(150), extraArgs);

    /// <summary>On the same ports as a silo before it (a restart terminals find again); ready within the terminal tests' 90 s.</summary>
    public static Task<SiloProcess> StartAsync(string dataFolder, SiloPorts ports, params string[] extraArgs) =>
        StartAsync(dataFolder, ports, new Dictionary<string, string>(), TimeSpan.FromSeconds(90), extraArgs);

    /// <summary>With no <c>--data</c>: the silo keeps its data where it does by default, in the environment given.</summary>
    public static Task<SiloProcess> StartInDefaultFolderAsync(SiloPorts ports, IReadOnlyDictionary<string, string> environment, params string[] extraArgs) =>
        StartAsync(null, ports, environment, TimeSpan.FromSeconds(90), extraArgs);

    private static async Task<SiloProcess> StartAsync(string? dataFolder, SiloPorts ports, IReadOnlyDictionary<string, string> environment, TimeSpan readyWithin, string[] extraArgs)
    {
        var dll = SiloDll;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        string[] data = dataFolder is null ? [] : ["--data", dataFolder];
        foreach (var arg in (string[])[dll, .. data, "--silo-port", $"{ports.Silo}", "--gateway-port", $"{ports.Gateway}", "--http-port", $"{ports.Http}", .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }

        var silo = new SiloProcess(new Process { StartInfo = start, EnableRaisingEvents = true }, ports.Gateway);
        silo._process.OutputDataReceived += (_, e) => silo.Record(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Record(e.Data);
        silo._process.Exited += (_, _) => silo._dashboard.TrySetException(new InvalidOperationException($"The silo exited before it was ready:\n{silo.Output}"));
        silo._process.Start();
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        await silo._dashboard.Task.WaitAsync(readyWithin);
        return silo;
    }

    /// <summary>Runs one of the silo program's commands (<c>credential issue …</c>, <c>migrate …</c>) to its end.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunCommandAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(SiloDll)! };
        foreach (var arg in (string[])[SiloDll, .. args])
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>The dashboard URL the silo printed on start.</summary>
    public Task<string> DashboardUrl => _dashboard.Task;

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses power or the process is OOM-killed.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
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
        await KillAsync();
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

    /// <summary>The silo's own build output, with its own deps and runtime config.</summary>
    internal static string SiloDll => BuildOutput.Dll("silo", "RetentionActors.Silo.dll");
}
