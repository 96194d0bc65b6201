using Microsoft.Extensions.Logging;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// What the customer grain and its operations log, under the grain's own category; the methods keep the names they had in
/// the grain, so their event ids stay the same.
/// </summary>
internal static partial class CustomerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit for customer {CustomerId} failed; the grain will reload from storage")]
    public static partial void LogCommitFailed(ILogger logger, Exception exception, string customerId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Commit for customer {CustomerId} refused: the loyalty database is unavailable; the grain will reload from storage")]
    public static partial void LogCommitRefusedStoreUnavailable(ILogger logger, string customerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId}: gift coupon {Code} of a returned purchase stays: {Reason}")]
    public static partial void LogGiftKept(ILogger logger, string customerId, string code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Referral bonus of {ReferrerId} for friend {CustomerId} deferred")]
    public static partial void LogReferralDeferred(ILogger logger, Exception exception, string customerId, string referrerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId} hit a velocity limit: {Rule}")]
    public static partial void LogLimitBreached(ILogger logger, string customerId, string rule);
}
