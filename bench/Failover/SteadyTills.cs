using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Faults;

namespace RetentionActors.Bench.Failover;

/// <summary>
/// Tills selling at a steady pace for as long as a failover drill lasts, each sale to a random customer, every answer
/// recorded with when it was rung up, what the till answered and how long the cashier waited for it. A till rings its
/// next sale when it is due or, if the last answer came late, as soon as it came (a cashier waits for the answer).
/// </summary>
public sealed class SteadyTills(TillGroup tills, int customers, TimeSpan pace, string receiptPrefix) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _selling = [];
    private readonly List<RecordedSale> _sales = [];

    public IReadOnlyList<RecordedSale> Sales
    {
        get
        {
            lock (_sales)
            {
                return [.. _sales];
            }
        }
    }

    public void Start()
    {
        for (var index = 0; index < tills.Tills.Count; index++)
        {
            var (till, number) = (tills.Tills[index], index);
            _selling.Add(Task.Run(async () =>
            {
                try
                {
                    await SellAsync(till, number);
                }
                catch (Exception e)
                {
                    // Said at once: a till that stopped selling would otherwise only show as fewer sales in the phases.
                    Console.Error.WriteLine($"  till {number} stopped selling: {e.GetType().Name}: {e.Message}");
                    throw;
                }
            }));
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_selling);
    }

    private async Task SellAsync(BenchTill till, int number)
    {
        var random = new Random(number);
        var due = DateTimeOffset.UtcNow;
        for (var receipt = 0; !_stop.IsCancellationRequested; receipt++)
        {
            var wait = due - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            var customer = random.Next(customers);
            var rungUp = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var answer = await till.SellAsync(Shop.CardId(customer), $"{receiptPrefix}{number}-{receipt}", 10m);
            var sale = new RecordedSale(number, customer, new RungUpSale(till.Identity.TerminalId, null, $"{receiptPrefix}{number}-{receipt}"),
                rungUp, answer.Event, clock.Elapsed);
            lock (_sales)
            {
                _sales.Add(sale);
            }
            due = Max(due + pace, DateTimeOffset.UtcNow);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }
}

/// <summary>One sale as its till saw it: which till, which customer, when it was rung up, the answer and the wait.</summary>
public sealed record RecordedSale(int Till, int Customer, RungUpSale Sale, DateTimeOffset RungUpAt, string Event, TimeSpan Took)
{
    public DateTimeOffset AnsweredAt => RungUpAt + Took;
}
