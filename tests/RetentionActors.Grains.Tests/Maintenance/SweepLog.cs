using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RetentionActors.Grains.Maintenance;

namespace RetentionActors.Grains.Tests.Maintenance;

/// <summary>What the sweep grains log: level, message, and whether a stack trace came with it.</summary>
public sealed class SweepLog : ILoggerProvider
{
    public sealed record Line(LogLevel Level, string Message, bool WithException);

    public ConcurrentQueue<Line> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) =>
        categoryName == typeof(MaintenanceSweepGrain).FullName ? new Recorder(Lines) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Recorder(ConcurrentQueue<Line> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new Line(logLevel, formatter(state, exception), exception is not null));
    }
}
