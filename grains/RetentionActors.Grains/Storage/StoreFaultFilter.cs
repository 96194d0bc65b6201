using Microsoft.Extensions.Logging;

namespace RetentionActors.Grains.Storage;

/// <summary>
/// Every grain call on the silo: a database connectivity failure escaping it — from our store, or from the Orleans
/// ADO.NET reminder provider, which throws its driver's errors wrapped its own way — reaches the
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
            // The driver's error is logged here, where it is still at hand (callers further up only see StoreUnavailableException
            // and pass it on). One our store raised as StoreUnavailableException was logged by the silo when its connection broke.
            if (!WrapsStoreUnavailable(exception))
            {
                LogStoreUnreachable(logger, exception, context.TargetId.ToString(), context.InterfaceMethod?.Name ?? "?");
            }
            throw new StoreUnavailableException();
        }
    }

    private static bool WrapsStoreUnavailable(Exception exception) =>
        exception.InnerException is { } inner && (inner is StoreUnavailableException || WrapsStoreUnavailable(inner));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The loyalty database could not be reached during {GrainId}.{Method}; the caller is told to retry")]
    private static partial void LogStoreUnreachable(ILogger logger, Exception exception, string grainId, string method);
}
