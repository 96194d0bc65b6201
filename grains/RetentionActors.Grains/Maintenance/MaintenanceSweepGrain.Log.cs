using Microsoft.Extensions.Logging;

namespace RetentionActors.Grains.Maintenance;

public sealed partial class MaintenanceSweepGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Maintenance sweep of bucket {Bucket}: {Maintained} customers maintained, {Failed} failed")]
    private static partial void LogSwept(ILogger logger, int bucket, int maintained, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Maintenance sweep of bucket {Bucket} stopped; its next tick runs it again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, int bucket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Maintenance sweep of bucket {Bucket} stopped after {Maintained} customers: the loyalty database is unavailable; its next tick runs it again")]
    private static partial void LogSweepStoreUnavailable(ILogger logger, int bucket, int maintained);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Maintenance of customer {CustomerId} failed in the sweep of bucket {Bucket}; the next sweep tries again")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception, string customerId, int bucket);
}
