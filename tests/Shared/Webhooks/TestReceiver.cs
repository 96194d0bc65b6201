using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace RetentionActors.Tests.Shared.Webhooks;

/// <summary>
/// A webhook receiver on a loopback port (HttpListener) that answers each delivery as the script says, in turn
/// (<see cref="Answer"/>), then 200 once the script is spent. Records every delivery and which ones it acknowledged.
/// </summary>
public sealed class TestReceiver : IAsyncDisposable
{
    public enum Answer { Ok, Unavailable, ServerError, Hang }

    public sealed record Delivery(Guid EventId, JsonElement Event, bool SignatureValid, bool Acknowledged);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Answer> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<Delivery> _deliveries = [];
    private int _generation;
    private int _inFlight;

    public TestReceiver(TimeSpan? delay = null, params Answer[] script)
    {
        _script = new ConcurrentQueue<Answer>(script);
        Delay = delay ?? TimeSpan.Zero;
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/hook/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    /// <summary>The subscription's secret, once it was created: deliveries are checked against it.</summary>
    public string Secret { get; set; } = "";

    /// <summary>How long each delivery takes to acknowledge.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>
    /// Deliveries that arrived before this call and are not answered yet get 500: after a silo was killed, the one it
    /// had in flight is then never acknowledged (its answer would reach nobody), so the test sees whether it is sent again.
    /// </summary>
    public void RefuseInFlight() => Interlocked.Increment(ref _generation);

    /// <summary>Deliveries received and not answered yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>While true, every delivery is answered 500 (after the script).</summary>
    public bool Failing { get; set; }

    public IReadOnlyList<Delivery> Deliveries
    {
        get
        {
            lock (_deliveries)
            {
                return [.. _deliveries];
            }
        }
    }

    /// <summary>The events acknowledged, first acknowledgement of each id only, in the order they were acknowledged.</summary>
    public IReadOnlyList<Delivery> Acknowledged => [.. Deliveries.Where(d => d.Acknowledged).DistinctBy(d => d.EventId)];

    public async Task WaitForAsync(Func<TestReceiver, bool> done, string what, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!done(this))
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"The receiver did not get {what} within {within.TotalSeconds} s; it got {Deliveries.Count} deliveries, {Acknowledged.Count} acknowledged.");
            await Task.Delay(100);
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var generation = Volatile.Read(ref _generation);
        Interlocked.Increment(ref _inFlight);
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var bytes = body.ToArray();
        Answer? scripted = _script.TryDequeue(out var next) ? next : null;
        if (scripted == Answer.Hang)
        {
            // Longer than the silo waits: it gives up on this attempt; the late 200 below is never read as an acknowledgement.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        else if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }
        // Decided after the delay, so RefuseInFlight reaches the delivery a killed silo had in flight.
        var answer = scripted ?? (Failing || generation != Volatile.Read(ref _generation) ? Answer.ServerError : Answer.Ok);
        var json = JsonSerializer.Deserialize<JsonElement>(bytes);
        var valid = WebhookVerifier.IsValid(Secret, context.Request.Headers["Retention-Timestamp"], context.Request.Headers["Retention-Signature"], bytes,
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        var status = answer switch { Answer.Unavailable => 503, Answer.ServerError => 500, _ => 200 };
        lock (_deliveries)
        {
            _deliveries.Add(new Delivery(Guid.Parse(context.Request.Headers["Retention-Event-Id"]!), json, valid, status == 200 && answer != Answer.Hang));
        }
        Interlocked.Decrement(ref _inFlight);
        context.Response.StatusCode = status;
        try
        {
            context.Response.Close();
        }
        catch (Exception)
        {
            // The silo stopped waiting (a hang) or was killed: nothing to answer.
        }
    }

    private static int FreePort() => Silo.FreePorts.Take(1)[0];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        await _loop;
        _stop.Dispose();
    }
}
