using System.Diagnostics;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>The real silo program in a process of its own, on given ports, so a test can kill it and start it again.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private SiloProcess(Process process) => _process = process;

    public static async Task<SiloProcess> StartAsync(string dataFolder, SiloPorts ports, params string[] extraArgs)
    {
        var dll = BuildOutput.Dll("silo", "RetentionActors.Silo.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        foreach (var arg in (string[])[dll, "--data", dataFolder, "--silo-port", $"{ports.Silo}", "--gateway-port", $"{ports.Gateway}", "--http-port", $"{ports.Http}", .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }
        var silo = new SiloProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        silo._process.OutputDataReceived += (_, e) => silo.Record(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Record(e.Data);
        silo._process.Exited += (_, _) => silo._ready.TrySetException(new InvalidOperationException($"The silo exited before it was ready:\n{silo.Output}"));
        silo._process.Start();
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        await silo._ready.Task.Within("the silo to start", TimeSpan.FromSeconds(90));
        return silo;
    }

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

    /// <summary>SIGKILL, as a power cut.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
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
        if (line.Contains("Dashboard:", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
