using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Security;

namespace RetentionActors.Storage.Tests;

/// <summary>Plays the back office around a store call: the operator and the audit intent on the request context.</summary>
public static class AuditedCall
{
    public static AuditIntent Intent(string action = "test-change", string target = "t", string? detail = "what the operator typed") =>
        AuditIntent.New(DateTimeOffset.UtcNow, action, target, detail, "done");

    /// <summary>Runs <paramref name="call"/> for <paramref name="operatorName"/> under <paramref name="intent"/>, as an endpoint does.</summary>
    public static async Task<T> RunAsync<T>(AuditIntent intent, Func<Task<T>> call, string operatorName = "test-operator")
    {
        RequestContext.Set(CallerContext.OperatorKey, operatorName);
        try
        {
            using (AuditContext.Begin(intent))
            {
                return await call();
            }
        }
        finally
        {
            RequestContext.Remove(CallerContext.OperatorKey);
        }
    }

    public static Task RunAsync(AuditIntent intent, Func<Task> call, string operatorName = "test-operator") =>
        RunAsync(intent, async () =>
        {
            await call();
            return true;
        }, operatorName);
}
