using Microsoft.Extensions.Logging;

namespace RetentionActors.Grains.Storage;

/// <summary>
/// Every grain call on the silo: a database connectivity failure escaping it — from our store, or from the Orleans
/// ADO.NET providers (grain state, reminders), which throw their driver's errors wrapped their own way — reaches the
/// caller as <see cref="StoreUnavailableException"/>, which tills know to retry. Every other exception passes untouched.
/// </summary>
public sealed partial class StoreFaultFilter(ILogger<StoreFaultFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (exception is not StoreUnavailableException && StoreFaults.IsConnectivityFailure(exception))
        {
            // Logged here, where the original is still at hand; callers further up see StoreUnavailableException and pass it on.
            LogStoreUnreachable(logger, exception, context.TargetId.ToString(), context.InterfaceMethod?.Name ?? "?");
            throw new StoreUnavailableException();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The loyalty database could not be reached during {GrainId}.{Method}; the caller is told to retry")]
    private static partial void LogStoreUnreachable(ILogger logger, Exception exception, string grainId, string method);
}
