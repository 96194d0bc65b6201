using System.IO.Ports;

namespace RetentionActors.Terminal.Readers.Serial;

/// <summary>
/// Opens serial ports the way card readers need them: 8N1, no handshake, modem lines untouched
/// (DTR/RTS throw on ptys), stale input discarded.
/// </summary>
public static class SerialPorts
{
    public static SerialPort Open(string port, int baudRate)
    {
        var serial = new SerialPort(port, baudRate, Parity.None, 8, StopBits.One) { Handshake = Handshake.None };
        try
        {
            serial.Open();
            serial.DiscardInBuffer();
            return serial;
        }
        catch
        {
            serial.Dispose();
            throw;
        }
    }

    /// <summary>Disposes on a background task: closing a port whose peer vanished can block for a long time.</summary>
    public static void DisposeInBackground(IDisposable? port)
    {
        if (port is not null)
        {
            _ = Task.Run(() =>
            {
                try
                {
                    port.Dispose();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ObjectDisposedException)
                {
                    // The port is gone either way.
                }
            });
        }
    }
}
