namespace RetentionActors.Bench.Load;

/// <summary>A line on stderr every two seconds while long work runs, so nobody wonders whether it hangs.</summary>
public sealed class Progress : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private Progress(string label, TimeSpan? expected, Func<long> done)
    {
        var started = Stopwatch.StartNew();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                var of = expected is { } total ? $"/{total.TotalSeconds:F0}s" : "s";
                Console.Error.WriteLine($"  {label}: {started.Elapsed.TotalSeconds:F0}{of}, {done():N0} done");
            }
        });
    }

    public static Progress Start(string label, TimeSpan? expected, Func<long> done) => new(label, expected, done);

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // stopped as asked
        }
        _stop.Dispose();
    }
}
