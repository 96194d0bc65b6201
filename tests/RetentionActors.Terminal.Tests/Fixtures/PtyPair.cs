using System.Diagnostics;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>
/// A socat pty pair in a temp folder: <see cref="Host"/> is what the terminal opens, <see cref="Device"/> is where the
/// simulated reader sits. Killing it is unplugging the reader; <see cref="StartAsync"/> on the same folder replugs it.
/// </summary>
public sealed class PtyPair : IAsyncDisposable
{
    private readonly Process _socat;

    private PtyPair(string folder, Process socat)
    {
        Folder = folder;
        _socat = socat;
    }

    public string Folder { get; }

    public string Host => Path.Combine(Folder, "ttyHOST");

    public string Device => Path.Combine(Folder, "ttyDEV");

    public static async Task<PtyPair> StartAsync(string? folder = null)
    {
        Tools.Require("socat");
        folder ??= Directory.CreateTempSubdirectory("retention-pty-").FullName;
        var start = new ProcessStartInfo(Tools.Find("socat")!) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["-d", "-d", $"pty,raw,echo=0,link={folder}/ttyHOST", $"pty,raw,echo=0,link={folder}/ttyDEV"])
        {
            start.ArgumentList.Add(arg);
        }
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var socat = new Process { StartInfo = start, EnableRaisingEvents = true };
        socat.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("starting data transfer loop", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        socat.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("socat exited before the ptys were ready"));
        socat.Start();
        socat.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return new PtyPair(folder, socat);
    }

    /// <summary>Opens the device end raw, as a simulator does.</summary>
    public FileStream OpenDevice() => new(Device, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);

    /// <summary>Pulls the plug: both ptys disappear.</summary>
    public async Task KillAsync()
    {
        if (!_socat.HasExited)
        {
            _socat.Kill();
            await _socat.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _socat.Dispose();
    }
}
