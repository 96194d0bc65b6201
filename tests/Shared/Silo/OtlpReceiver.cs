using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace RetentionActors.Tests.Shared.Silo;

/// <summary>
/// An OTLP/HTTP endpoint on a free loopback port that keeps what it is sent (path and body). It does not decode
/// protobuf: a test looks for the names a payload must hold, which protobuf keeps as plain UTF-8.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _receiving;

    public OtlpReceiver()
    {
        Endpoint = $"http://127.0.0.1:{BuildOutput.FreePort()}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _receiving = ReceiveAsync();
    }

    /// <summary>What OTEL_EXPORTER_OTLP_ENDPOINT is set to.</summary>
    public string Endpoint { get; }

    public ConcurrentQueue<(string Path, string Body)> Received { get; } = new();

    /// <summary>Whether a request to <paramref name="path"/> held <paramref name="text"/>.</summary>
    public bool Has(string path, string text) => Received.Any(r => r.Path == path && r.Body.Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _receiving;
        _listener.Close();
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Received.Enqueue((context.Request.Url!.AbsolutePath, Encoding.UTF8.GetString(body.ToArray())));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
