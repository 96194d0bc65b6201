namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>Hard timeouts for hardware-less tests, with a message naming what was awaited.</summary>
public static class Deadline
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    public static async Task<T> Within<T>(this Task<T> task, string what, TimeSpan? limit = null)
    {
        try
        {
            return await task.WaitAsync(limit ?? Default, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {(limit ?? Default).TotalSeconds:0.#} s waiting for {what}.");
        }
    }

    public static async Task Within(this Task task, string what, TimeSpan? limit = null)
    {
        try
        {
            await task.WaitAsync(limit ?? Default, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {(limit ?? Default).TotalSeconds:0.#} s waiting for {what}.");
        }
    }

    public static Task<T> Within<T>(this ValueTask<T> task, string what, TimeSpan? limit = null) => task.AsTask().Within(what, limit);
}
