using System.Net;
using System.Net.Sockets;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// A TCP forwarder on a loopback port in front of a server, which a test can cut (every connection closed, new ones
/// refused, as when the database host goes away) and restore on the same port.
/// </summary>
public sealed class TcpCut : IAsyncDisposable
{
    private readonly IPEndPoint _server;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;

    public TcpCut(int serverPort)
    {
        _server = new IPEndPoint(IPAddress.Loopback, serverPort);
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Restore();
    }

    public int Port { get; }

    public void Restore()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptAsync(_listener);
    }

    public void Cut()
    {
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            _open.ForEach(c => c.Dispose());
            _open.Clear();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // cut
            }
            var server = new TcpClient();
            lock (_open)
            {
                _open.Add(client);
                _open.Add(server);
            }
            _ = PumpAsync(client, server);
        }
    }

    private async Task PumpAsync(TcpClient client, TcpClient server)
    {
        try
        {
            await server.ConnectAsync(_server);
            await Task.WhenAny(client.GetStream().CopyToAsync(server.GetStream()), server.GetStream().CopyToAsync(client.GetStream()));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The cut, or either side hanging up.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }
}
