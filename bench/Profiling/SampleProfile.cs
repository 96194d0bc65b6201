using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace RetentionActors.Bench.Profiling;

/// <summary>
/// An EventPipe CPU sample profile of this very process (load generator, client and silos share it), written to a
/// .nettrace file: the runtime's sample profiler (every managed thread's stack about once a millisecond) and the method
/// events that name the frames. The copy of the stream into the file runs here too; its samples are counted apart.
/// </summary>
public sealed class SampleProfile : IAsyncDisposable
{
    private readonly EventPipeSession _session;
    private readonly FileStream _file;
    private readonly Task _copy;

    private SampleProfile(EventPipeSession session, FileStream file)
    {
        (_session, _file) = (session, file);
        _copy = Task.Run(() => CopyAsync(session.EventStream, file));
    }

    public string Path => _file.Name;

    public static SampleProfile Start(string path)
    {
        EventPipeProvider[] providers =
        [
            new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
            // Method load and rundown events: without them the frames have addresses but no names.
            new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.Default),
        ];
        var session = new DiagnosticsClient(Environment.ProcessId).StartEventPipeSession(providers, requestRundown: true, circularBufferMB: 256);
        return new SampleProfile(session, new FileStream(path, FileMode.Create, FileAccess.Write));
    }

    /// <summary>Ends the session (the runtime then writes the rundown that names the methods) and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _session.StopAsync(CancellationToken.None);
        await _copy;
        _session.Dispose();
        await _file.DisposeAsync();
    }

    // Named so its own samples can be told apart from the work measured (see Component.Profiler).
    private static Task CopyAsync(Stream events, Stream file) => events.CopyToAsync(file);
}
