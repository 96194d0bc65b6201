using System.Diagnostics;
using RetentionActors.Terminal.Tests.Fixtures;
using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Terminal.Tests.Pcsc;

/// <summary>
/// pcscd in the foreground, started by the test (CI has no systemd) and stopped with SIGTERM so it removes its socket.
/// It reads a reader.conf.d of its own that puts vpcd's virtual reader on <see cref="CardPort"/>: Debian's puts it on
/// 35963, inside Linux's ephemeral range (32768-60999), and when any connection of the parallel tests holds that port
/// the driver cannot listen, pcscd still says "daemon ready" and the reader never appears (two CI failures).
/// </summary>
public sealed class PcscDaemon : IAsyncDisposable
{
    private const int SystemCardPort = 35963;
    private const string ReaderName = "Virtual PCD";
    private readonly Process? _process;
    private readonly string? _configDirectory;

    private PcscDaemon(Process? process, string? configDirectory, int cardPort)
    {
        (_process, _configDirectory, CardPort) = (process, configDirectory, cardPort);
    }

    /// <summary>True when this fixture started pcscd (and may stop it); false when one was already running.</summary>
    public bool Owned => _process is not null;

    /// <summary>The TCP port vpcd's virtual reader waits on for a virtual card.</summary>
    public int CardPort { get; }

    public static async Task<PcscDaemon> StartAsync()
    {
        Tools.Require("pcscd");
        if (!File.Exists("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"))
        {
            Tools.Require("vpcd driver (vsmartcard-vpcd)");
        }
        if (await AlreadyRunningAsync())
        {
            return new PcscDaemon(null, null, SystemCardPort);
        }
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // Below the ephemeral range only an explicit bind takes a port, so one free now stays free for pcscd.
            var port = FreePorts.Take(1)[0];
            var config = WriteReaderConfig(port);
            var (process, failure) = await LaunchAsync(config);
            if (process is not null)
            {
                return new PcscDaemon(process, config, port);
            }
            Directory.Delete(config, recursive: true);
            failures.Add($"port {port}: {failure}");
        }
        throw new InvalidOperationException($"pcscd did not start vpcd's reader: {string.Join("; ", failures)}");
    }

    private static async Task<bool> AlreadyRunningAsync()
    {
        if (Tools.Find("pgrep") is not { } pgrep)
        {
            return false;
        }
        using var running = Process.Start(new ProcessStartInfo(pgrep, ["-x", "pcscd"]) { RedirectStandardOutput = true })!;
        await running.WaitForExitAsync(TestContext.Current.CancellationToken);
        return running.ExitCode == 0;
    }

    private static string WriteReaderConfig(int port)
    {
        var directory = Directory.CreateTempSubdirectory("pcscd-conf-").FullName;
        File.WriteAllText(Path.Combine(directory, "vpcd"), $"""
            FRIENDLYNAME "{ReaderName}"
            DEVICENAME   /dev/null:0x{port:X4}
            LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
            CHANNELID    0x{port:X4}

            """);
        return directory;
    }

    // pcscd prints "daemon ready" even when a reader failed to start, so a failed start of ours is watched for first.
    private static async Task<(Process? Process, string Failure)> LaunchAsync(string configDirectory)
    {
        var start = new ProcessStartInfo(Tools.Find("pcscd")!, ["-f", "-d", "-c", configDirectory]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var ready = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        string? readerFailure = null;
        void OnLine(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line)
            {
                return;
            }
            if (line.Contains($"{ReaderName} init failed", StringComparison.Ordinal) || line.Contains("Address already in use", StringComparison.Ordinal))
            {
                readerFailure ??= line.Trim();
            }
            if (line.Contains("daemon ready", StringComparison.Ordinal))
            {
                ready.TrySetResult(readerFailure);
            }
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("pcscd exited before it was ready (is another one running, or a stale /run/pcscd/pcscd.comm left?)"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (await ready.Task.Within("pcscd to be ready") is not { } failure)
        {
            return (process, "");
        }
        await StopAsync(process);
        process.Dispose();
        return (null, failure);
    }

    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await StopAsync(_process);
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            // SIGTERM, not Process.Kill's SIGKILL: pcscd then removes its socket and the next start works.
            using var kill = Process.Start(Tools.Find("kill") ?? "/bin/kill", ["-TERM", $"{process.Id}"]);
            await kill.WaitForExitAsync();
            await process.WaitForExitAsync().Within("pcscd to stop");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        if (_configDirectory is not null)
        {
            Directory.Delete(_configDirectory, recursive: true);
        }
    }
}
