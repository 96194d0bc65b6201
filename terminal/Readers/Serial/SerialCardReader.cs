using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace RetentionActors.Terminal.Readers.Serial;

/// <summary>
/// A magstripe reader or barcode scanner on a serial port: opens the port, pumps lines through
/// <see cref="SerialLineReader"/>, and reopens the port when it fails or disappears.
/// </summary>
public sealed partial class SerialCardReader(SerialReaderOptions options, SerialLineReader lines, ILogger<SerialCardReader> logger) : ICardReader
{
    public string Name => $"serial {options.Port} @{options.BaudRate}";

    public async Task RunAsync(ChannelWriter<ReaderEvent> events, CancellationToken cancellationToken)
    {
        var wasReady = false;
        var lostReported = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            System.IO.Ports.SerialPort? port = null;
            try
            {
                port = SerialPorts.Open(options.Port, options.BaudRate);
                LogOpened(logger, options.Port);
                await events.WriteAsync(ReaderEvent.Ready(Name), cancellationToken);
                (wasReady, lostReported) = (true, false);
                await lines.PumpAsync(port.BaseStream, events, cancellationToken);
                throw new IOException("The port reported end of stream.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ObjectDisposedException or TimeoutException or ArgumentException)
            {
                if (!lostReported)
                {
                    LogLost(logger, options.Port, e.Message);
                    await events.WriteAsync(ReaderEvent.Lost(wasReady ? "port closed" : "port cannot be opened"), cancellationToken);
                    lostReported = true;
                }
            }
            finally
            {
                SerialPorts.DisposeInBackground(port);
            }
            await Task.Delay(options.ReopenDelay, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serial reader ready on {Port}")]
    private static partial void LogOpened(ILogger logger, string port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Serial reader on {Port} lost: {Reason}; reopening")]
    private static partial void LogLost(ILogger logger, string port, string reason);
}
