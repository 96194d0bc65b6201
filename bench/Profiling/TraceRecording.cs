using Microsoft.Diagnostics.NETCore.Client;

namespace RetentionActors.Bench.Profiling;

/// <summary>
/// An EventPipe session of a process, copied into a .nettrace file as the events come: what the CPU sample profile (of
/// this process) and the allocation profile (of the soak's silo) share. The copy runs in this process, in this namespace,
/// so its own CPU samples are counted apart (<see cref="Components.Profiler"/>). Stopping the session is what makes the
/// runtime write the rundown that names the frames, so the file is complete only after <see cref="StopAsync"/>.
/// </summary>
public sealed class TraceRecording : IAsyncDisposable
{
    private readonly EventPipeSession _session;
    private readonly FileStream _file;
    private readonly Task _copy;
    private bool _stopped;

    private TraceRecording(EventPipeSession session, FileStream file)
    {
        (_session, _file, Path) = (session, file, file.Name);
        _copy = Task.Run(() => session.EventStream.CopyToAsync(file));
    }

    public string Path { get; }

    public static TraceRecording Start(int processId, string path, params EventPipeProvider[] providers)
    {
        var session = new DiagnosticsClient(processId).StartEventPipeSession(providers, requestRundown: true, circularBufferMB: 256);
        return new TraceRecording(session, new FileStream(path, FileMode.Create, FileAccess.Write));
    }

    /// <summary>Ends the session, waits for the rundown to be copied and closes the file; once only.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await _session.StopAsync(CancellationToken.None);
        await _copy;
        _session.Dispose();
        await _file.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
