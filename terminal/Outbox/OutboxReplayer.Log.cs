using Microsoft.Extensions.Logging;

namespace RetentionActors.Terminal.Outbox;

public sealed partial class OutboxReplayer
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox entry {Sequence} (receipt {ReceiptId}) replayed: {Outcome}")]
    private static partial void LogReplayed(ILogger logger, long sequence, string receiptId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox entry {Sequence} (receipt {ReceiptId}) refused ({ReasonCode}) and kept as a dead letter: {Detail}")]
    private static partial void LogSetAside(ILogger logger, long sequence, string receiptId, string reasonCode, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox entry {Sequence} (receipt {ReceiptId}) failed (attempt {Attempts}); retried in {Delay}: {Error}")]
    private static partial void LogRetry(ILogger logger, long sequence, string receiptId, int attempts, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replaying the outbox failed: {Reason}")]
    private static partial void LogReplayFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox entry {Sequence} waits: the silo refuses this terminal: {Reason}")]
    private static partial void LogRefused(ILogger logger, long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox entry {Sequence} waits: {Reason}")]
    private static partial void LogStillOffline(ILogger logger, long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox entry {Sequence} (receipt {ReceiptId}) found no silo; sent once more through another gateway: {Reason}")]
    private static partial void LogRetrying(ILogger logger, long sequence, string receiptId, string reason);
}
