using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace RetentionActors.Bench.Profiling;

/// <summary>
/// An EventPipe CPU sample profile of this very process (load generator, client and silos share it): the runtime's sample
/// profiler (every managed thread's stack about once a millisecond) and the method events that name the frames. Read
/// back with <see cref="ProfileReader"/>.
/// </summary>
public static class SampleProfile
{
    public static TraceRecording Start(string path) => TraceRecording.Start(Environment.ProcessId, path,
        new EventPipeProvider("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
        // Method load and rundown events: without them the frames have addresses but no names.
        new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.Default));
}
