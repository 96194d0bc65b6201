using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.DeadLetters;

namespace RetentionActors.Grains.DeadLetters;

public sealed partial class DeadLetterGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Till {Till} keeps receipt {ReceiptId} of {BusinessDay} as a dead letter ({ReasonCode}); it is {Status}")]
    private static partial void LogReported(ILogger logger, string till, string businessDay, string receiptId, string reasonCode, DeadLetterStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead letter {Till} receipt {ReceiptId} of {BusinessDay}: {Status} by {Operator}")]
    private static partial void LogResolved(ILogger logger, string till, string businessDay, string receiptId, DeadLetterStatus status, string @operator);
}
