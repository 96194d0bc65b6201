using System.Diagnostics;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Pcsc;

/// <summary>pcscd in the foreground, started by the test (CI has no systemd) and stopped with SIGTERM so it removes its socket.</summary>
public sealed class PcscDaemon : IAsyncDisposable
{
    private readonly Process? _process;

    private PcscDaemon(Process? process) => _process = process;

    /// <summary>True when this fixture started pcscd (and may stop it); false when one was already running.</summary>
    public bool Owned => _process is not null;

    public static async Task<PcscDaemon> StartAsync()
    {
        Tools.Require("pcscd");
        if (!File.Exists("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"))
        {
            Tools.Require("vpcd driver (vsmartcard-vpcd)");
        }
        if (Tools.Find("pgrep") is { } pgrep)
        {
            using var running = Process.Start(new ProcessStartInfo(pgrep, ["-x", "pcscd"]) { RedirectStandardOutput = true })!;
            await running.WaitForExitAsync(TestContext.Current.CancellationToken);
            if (running.ExitCode == 0)
            {
                return new PcscDaemon(null);
            }
        }
        var start = new ProcessStartInfo(Tools.Find("pcscd")!, ["-f", "-d"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void OnLine(object? _, DataReceivedEventArgs e)
        {
            if (e.Data?.Contains("daemon ready", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("pcscd exited before it was ready (is another one running, or a stale /run/pcscd/pcscd.comm left?)"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.Within("pcscd to be ready");
        return new PcscDaemon(process);
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            // SIGTERM, not Process.Kill's SIGKILL: pcscd then removes its socket and the next start works.
            using var kill = Process.Start(Tools.Find("kill") ?? "/bin/kill", ["-TERM", $"{_process.Id}"]);
            await kill.WaitForExitAsync();
            await _process.WaitForExitAsync().Within("pcscd to stop");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
    }
}
