using System.Diagnostics;
using System.Text.Json;
using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>The real terminal program (as <c>dotnet run --project terminal</c> runs it) with its standard input and output in the test's hands.</summary>
public sealed class TerminalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly LinesWriter _stdout = new();
    private readonly List<string> _stderr = [];

    private TerminalProcess(Process process) => _process = process;

    public IReadOnlyList<string> Lines => _stdout.All;

    public static TerminalProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static TerminalProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) => StartUnder([], environment, args);

    /// <summary>Runs the terminal under <paramref name="launcher"/> (such as <c>faketime -f +2d</c>, for a till whose clock is wrong).</summary>
    public static TerminalProcess StartUnder(IReadOnlyList<string> launcher, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = BuildOutput.Dll("terminal", "RetentionActors.Terminal.dll");
        var start = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        foreach (var arg in (string[])[.. launcher.Skip(1), .. launcher.Count > 0 ? ["dotnet"] : Array.Empty<string>(), dll, .. args])
        {
            start.ArgumentList.Add(arg);
        }
        var terminal = new TerminalProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        terminal._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                terminal._stdout.WriteLine(e.Data);
            }
        };
        terminal._process.ErrorDataReceived += (_, e) =>
        {
            lock (terminal._stderr)
            {
                terminal._stderr.Add(e.Data ?? "");
            }
        };
        terminal._process.Start();
        terminal._process.BeginOutputReadLine();
        terminal._process.BeginErrorReadLine();
        return terminal;
    }

    /// <summary>The next output line containing <paramref name="text"/> (others are skipped).</summary>
    public Task<string> NextLineContainingAsync(string text, string what, TimeSpan? limit = null) =>
        NextLineAsync(line => line.Contains(text, StringComparison.Ordinal), what, limit);

    /// <summary>Closes standard input, as the end of a script does, and waits for the terminal to exit.</summary>
    public async Task<int> EndInputAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The next JSON line whose <c>event</c> is <paramref name="event"/> (others are skipped).</summary>
    public async Task<JsonElement> NextEventAsync(string @event, string what, TimeSpan? limit = null) =>
        JsonDocument.Parse(await NextLineAsync(line => JsonDocument.Parse(line).RootElement.GetProperty("event").GetString() == @event, what, limit)).RootElement;

    private async Task<string> NextLineAsync(Func<string, bool> matches, string what, TimeSpan? limit)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            string line;
            try
            {
                line = await _stdout.NextAsync(what, deadline - DateTime.UtcNow);
            }
            catch (Exception e) when (e is TimeoutException or ArgumentOutOfRangeException)
            {
                throw new TimeoutException($"Timed out waiting for {what}. Output so far:\n{string.Join('\n', Lines)}\nstderr:\n{Errors}");
            }
            if (matches(line))
            {
                return line;
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>SIGKILL: the terminal gets no chance to tidy up, as when the till loses power.</summary>
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
