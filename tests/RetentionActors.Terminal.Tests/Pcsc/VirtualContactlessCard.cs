using System.Buffers.Binary;
using System.Net.Sockets;

namespace RetentionActors.Terminal.Tests.Pcsc;

/// <summary>
/// A contactless card in vpcd's virtual reader ("Virtual PCD 00 00", on the TCP port pcscd's reader.conf gives it): connected = inserted, disposed = removed.
/// Speaks the vpcd protocol (2-byte big-endian length + body; 1-byte bodies are power off/on/reset/get ATR, longer
/// ones are APDUs) and answers <c>FF CA 00 00 00</c> with its UID, as an ACR122U does for a MIFARE Ultralight.
/// </summary>
public sealed class VirtualContactlessCard : IAsyncDisposable
{
    private static readonly byte[] UltralightAtr = [0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x68];
    private readonly TcpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private readonly byte[] _uid;

    private VirtualContactlessCard(TcpClient client, byte[] uid)
    {
        (_client, _uid) = (client, uid);
        _serving = ServeAsync(_stop.Token);
    }

    public static async Task<VirtualContactlessCard> InsertAsync(byte[] uid, int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
        return new VirtualContactlessCard(client, uid);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Removed.
        }
        _stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        var stream = _client.GetStream();
        var header = new byte[2];
        while (!cancellationToken.IsCancellationRequested)
        {
            await stream.ReadExactlyAsync(header, cancellationToken);
            var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
            await stream.ReadExactlyAsync(body, cancellationToken);
            byte[]? answer = body switch
            {
                [0x04] => UltralightAtr,
                [_] => null,                                          // power off / on / reset: no answer
                [0xFF, 0xCA, 0x00, 0x00, ..] => [.. _uid, 0x90, 0x00],
                _ => [0x6A, 0x81],                                    // function not supported
            };
            if (answer is not null)
            {
                var reply = new byte[2 + answer.Length];
                BinaryPrimitives.WriteUInt16BigEndian(reply, (ushort)answer.Length);
                answer.CopyTo(reply, 2);
                await stream.WriteAsync(reply, cancellationToken);
            }
        }
    }
}
