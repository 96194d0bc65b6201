using System.Diagnostics;

namespace RetentionActors.Tests.Shared.Silo;

/// <summary>The real silo program in a process of its own, on free or given ports, with the environment a test gives, so a test can kill it for real.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _dashboard = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];
    private bool _disposed;

    private SiloProcess(Process process, int gatewayPort)
    {
        _process = process;
        GatewayPort = gatewayPort;
    }

    public int GatewayPort { get; }

    /// <summary>The operating system's id of the silo's process (for reading its CPU time).</summary>
    public int ProcessId => _process.Id;

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

    /// <summary>On ports chosen by the caller, in the environment given; ready within the terminal tests' 90 s.</summary>
    public static Task<SiloProcess> StartAsync(string dataFolder, SiloPorts ports, IReadOnlyDictionary<string, string> environment, params string[] extraArgs) =>
        StartAsync(dataFolder, ports, environment, TimeSpan.FromSeconds(90), extraArgs);

    /// <summary>With no <c>--data</c>: the silo keeps its data where it does by default, in the environment given.</summary>
    public static Task<SiloProcess> StartInDefaultFolderAsync(SiloPorts ports, IReadOnlyDictionary<string, string> environment, params string[] extraArgs) =>
        StartAsync(null, ports, environment, TimeSpan.FromSeconds(90), extraArgs);

    /// <summary>
    /// Runs a silo that is expected to refuse to start: its exit code and what it wrote on standard output and
    /// standard error, apart. Fails, naming what it printed, if it is still running after <paramref name="within"/>.
    /// </summary>
    public static async Task<SiloExit> RunToExitAsync(string dataFolder, IReadOnlyDictionary<string, string> environment, TimeSpan within, params string[] extraArgs)
    {
        using var process = Process.Start(StartInfo(dataFolder, SiloPorts.Free(), environment, extraArgs))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(within);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"The silo was expected to stop by itself within {within}, but it was still running:\n{await output}\n{await errors}");
        }
        return new SiloExit(process.ExitCode, await output, await errors);
    }

    private static async Task<SiloProcess> StartAsync(string? dataFolder, SiloPorts ports, IReadOnlyDictionary<string, string> environment, TimeSpan readyWithin, string[] extraArgs)
    {
        var silo = new SiloProcess(new Process { StartInfo = StartInfo(dataFolder, ports, environment, extraArgs), EnableRaisingEvents = true }, ports.Gateway);
        silo._process.OutputDataReceived += (_, e) => silo.Record(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Record(e.Data);
        silo._process.Exited += (_, _) => silo._dashboard.TrySetException(new InvalidOperationException($"The silo exited before it was ready:\n{silo.Output}"));
        silo._process.Start();
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        try
        {
            await silo._dashboard.Task.WaitAsync(readyWithin);
        }
        catch
        {
            // A silo that did not come up in time (or exited) is not left running behind the caller's back.
            await silo.DisposeAsync();
            throw;
        }
        return silo;
    }

    /// <summary>
    /// Waits until the silo has printed <paramref name="text"/>: the lines of its start banner arrive one by one,
    /// after the dashboard line that made it ready. Fails with everything it printed.
    /// </summary>
    public async Task WaitForOutputAsync(string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silo did not print \"{text}\" within {within}:\n{Output}");
            }
            await Task.Delay(50);
        }
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

    /// <summary>SIGSTOP: the process stops dead with its connections open, as a hung silo or a very long pause does.</summary>
    public Task SuspendAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT: a suspended silo runs on where it stopped.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    /// <summary>SIGINT, as Ctrl+C in a terminal; returns the exit code.</summary>
    public Task<int> InterruptAsync() => SignalAndWaitAsync("INT");

    /// <summary>SIGTERM, as a service manager or Kubernetes stops a silo in a rolling deploy; returns the exit code.</summary>
    public Task<int> TerminateAsync() => SignalAndWaitAsync("TERM");

    private async Task<int> SignalAndWaitAsync(string signal)
    {
        await SignalAsync(signal);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", $"{_process.Id}"]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Kills the silo if it still runs (a suspended one too); safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
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

    private static ProcessStartInfo StartInfo(string? dataFolder, SiloPorts ports, IReadOnlyDictionary<string, string> environment, string[] extraArgs)
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
        return start;
    }

    /// <summary>The silo's own build output, with its own deps and runtime config.</summary>
    internal static string SiloDll => BuildOutput.Dll("silo", "RetentionActors.Silo.dll");
}
