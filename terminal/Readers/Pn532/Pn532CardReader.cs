using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Cards;

namespace RetentionActors.Terminal.Readers.Pn532;

/// <summary>
/// NFC cards through a PN532 over UART. Owns the binding's lifetime: creates it, polls on a thread of its own
/// (the binding blocks), reports each card once while it stays on the reader (also across a recreation), and after
/// a fault (a vanished port at once; garbage, checksum errors, timeouts or silence after
/// <see cref="FailedPollsToRecreate"/> polls in a row, so one late answer on a busy till is not an outage)
/// reports "lost", recreates it and resumes.
/// </summary>
public sealed partial class Pn532CardReader(Pn532ReaderOptions options, ILogger<Pn532CardReader> logger) : ICardReader
{
    public const int FailedPollsToRecreate = 3;

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
                var failedPolls = 0;
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (!TryPoll(session, out var polled))
                    {
                        failedPolls++;
                        if (failedPolls >= FailedPollsToRecreate)
                        {
                            throw new IOException($"The PN532 did not answer {failedPolls} polls in a row.");
                        }
                    }
                    else
                    {
                        failedPolls = 0;
                        if (presence.Observe(polled) is { } uid)
                        {
                            events.TryWrite(Identify(session, uid));
                        }
                    }
                    cancellationToken.WaitHandle.WaitOne(options.PollInterval);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The binding throws plain Exception for "no PN532", IOException/UnauthorizedAccessException/
                // ObjectDisposedException for a vanished port; we throw IOException after failed polls: all mean "recreate".
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

    private ReaderEvent Identify(Pn532Session session, string uid)
    {
        CardId? member = null;
        try
        {
            member = options.ReadNdef ? session.ReadMemberNumber() : null;
        }
        catch (TimeoutException)
        {
            // The tag left mid-read or the answer was late: the UID still identifies the card.
        }
        return member is { } number ? ReaderEvent.Read(number)
            : CardId.TryParse($"{CardId.Nfc}:{uid}", out var card, out _) ? ReaderEvent.Read(card)
            : ReaderEvent.Refused(CardData.RefusalReasons.Unreadable);
    }

    // A late or cut-off answer makes the binding throw TimeoutException: a failed poll, not yet a lost reader.
    private static bool TryPoll(Pn532Session session, out string? uid)
    {
        try
        {
            return session.TryPoll(out uid);
        }
        catch (TimeoutException)
        {
            uid = null;
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PN532 on {Port} ready: {Firmware}")]
    private static partial void LogReady(ILogger logger, string port, string firmware);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PN532 on {Port} lost: {Reason}; recreating it")]
    private static partial void LogLost(ILogger logger, string port, string reason);
}
