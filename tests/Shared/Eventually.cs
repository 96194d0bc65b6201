using System.Diagnostics;

namespace RetentionActors.Tests.Shared;

/// <summary>Polls a probe until it says done, failing with a message naming what was awaited and what the probe saw last.</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var seen = await probe();
            if (done(seen))
            {
                return seen;
            }
            if (clock.Elapsed > within)
            {
                Assert.Fail($"Waited {within.TotalSeconds:0} s for {what}; last seen: {seen}");
            }
            await Task.Delay(Interval, TestContext.Current.CancellationToken);
        }
    }

    public static Task Until(Func<bool> condition, string what, TimeSpan within) =>
        Until(() => Task.FromResult(condition()), seen => seen, what, within);
}
