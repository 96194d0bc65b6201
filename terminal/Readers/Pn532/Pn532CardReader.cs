using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Cards;

namespace RetentionActors.Terminal.Readers.Pn532;

/// <summary>
/// NFC cards through a PN532 over UART. Owns the binding's lifetime: creates it, polls on a thread of its own
/// (the binding blocks), reports each card once while it stays on the reader, and after any fault (garbage,
/// checksum error, timeout, vanished port, silent device) reports "lost", recreates it and resumes.
/// </summary>
public sealed partial class Pn532CardReader(Pn532ReaderOptions options, ILogger<Pn532CardReader> logger) : ICardReader
{
    public string Name => $"pn532 {options.Port}";

    public Task RunAsync(ChannelWriter<ReaderEvent> events, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(events, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(ChannelWriter<ReaderEvent> events, CancellationToken cancellationToken)
    {
        var presence = new CardPresence();
        var lostReported = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            Pn532Session? session = null;
            try
            {
                session = Pn532Session.Open(options.Port);
                LogReady(logger, options.Port, session.Firmware);
                events.TryWrite(ReaderEvent.Ready($"{Name} ({session.Firmware})"));
                lostReported = false;
                presence.Reset();
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (presence.Observe(session.Poll()) is { } uid)
                    {
                        events.TryWrite(CardId.TryParse($"{CardId.Nfc}:{uid}", out var card, out _)
                            ? ReaderEvent.Read(card)
                            : ReaderEvent.Refused(CardData.RefusalReasons.Unreadable));
                    }
                    cancellationToken.WaitHandle.WaitOne(options.PollInterval);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The binding throws plain Exception for "no PN532", TimeoutException for truncated frames,
                // IOException/UnauthorizedAccessException for a vanished port: all mean "recreate".
                if (!lostReported)
                {
                    LogLost(logger, options.Port, e.Message);
                    events.TryWrite(ReaderEvent.Lost(e.Message));
                    lostReported = true;
                }
            }
            finally
            {
                session?.Dispose();
            }
            cancellationToken.WaitHandle.WaitOne(options.RecreateDelay);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PN532 on {Port} ready: {Firmware}")]
    private static partial void LogReady(ILogger logger, string port, string firmware);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PN532 on {Port} lost: {Reason}; recreating it")]
    private static partial void LogLost(ILogger logger, string port, string reason);
}
