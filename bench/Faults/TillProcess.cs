using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Bench.Faults;

/// <summary>The terminal program in a process of its own (its build output), so a drill can SIGKILL it.</summary>
public sealed class TillProcess : IAsyncDisposable
{
    private readonly Process _process;

    private TillProcess(Process process) => _process = process;

    public static TillProcess Start(IEnumerable<string> args)
    {
        // Standard input stays open (the JSON mode reads it), what it prints is read and dropped.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[BuildOutput.Dll("terminal", "RetentionActors.Terminal.dll"), .. args])
        {
            start.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new TillProcess(process);
    }

    /// <summary>SIGKILL: the terminal gets no chance to finish what it is sending.</summary>
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
}
