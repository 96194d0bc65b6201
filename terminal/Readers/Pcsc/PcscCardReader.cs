using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Cards;
using RetentionActors.Terminal.Readers.CardData;

namespace RetentionActors.Terminal.Readers.Pcsc;

/// <summary>
/// USB NFC readers such as the ACR122U through pcsc-lite: waits for card insertion with SCardGetStatusChange,
/// reads the UID with <c>FF CA 00 00 00</c>, reports it once per insertion. <c>pcsc</c> takes the first reader,
/// <c>pcsc:&lt;name&gt;</c> the first whose name starts with it. A lost reader or pcscd is re-found by itself.
/// </summary>
public sealed partial class PcscCardReader(string? readerName, ILogger<PcscCardReader> logger) : ICardReader
{
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public string Name => readerName is null ? "pcsc" : $"pcsc {readerName}";

    public Task RunAsync(ChannelWriter<ReaderEvent> events, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(events, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(ChannelWriter<ReaderEvent> events, CancellationToken cancellationToken)
    {
        var lostReported = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var context = PcscContext.Establish();
                var reader = context.Readers().FirstOrDefault(r => readerName is null || r.StartsWith(readerName, StringComparison.Ordinal))
                    ?? throw new PcscException(readerName is null ? "No PC/SC reader is connected." : $"No PC/SC reader named '{readerName}'.");
                LogReady(logger, reader);
                events.TryWrite(ReaderEvent.Ready($"pcsc {reader}"));
                lostReported = false;
                Watch(context, reader, events, cancellationToken);
            }
            catch (Exception e) when (e is PcscException or DllNotFoundException or EntryPointNotFoundException)
            {
                if (!lostReported)
                {
                    LogLost(logger, e.Message);
                    events.TryWrite(ReaderEvent.Lost(e.Message));
                    lostReported = true;
                }
            }
            cancellationToken.WaitHandle.WaitOne(RetryDelay);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static void Watch(PcscContext context, string reader, ChannelWriter<ReaderEvent> events, CancellationToken cancellationToken)
    {
        nuint state = PcscNative.StateUnaware;
        var present = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (context.WaitForChange(reader, state, TimeSpan.FromMilliseconds(250)) is not { } changed)
            {
                continue;
            }
            state = changed;
            var flags = changed & 0xFFFF;
            if ((flags & (PcscNative.StateUnknown | PcscNative.StateUnavailable)) != 0)
            {
                throw new PcscException($"Reader '{reader}' is gone.");
            }
            var nowPresent = (flags & PcscNative.StatePresent) != 0 && (flags & PcscNative.StateMute) == 0;
            if (nowPresent && !present)
            {
                events.TryWrite(ReadCard(context, reader));
            }
            present = nowPresent;
        }
    }

    // A card pulled away mid-read, or one that has no UID to give, is an unreadable read, not a lost reader.
    private static ReaderEvent ReadCard(PcscContext context, string reader)
    {
        try
        {
            return context.ReadUid(reader) is { } uid && CardId.TryParse($"{CardId.Nfc}:{Convert.ToHexString(uid)}", out var card, out _)
                ? ReaderEvent.Read(card)
                : ReaderEvent.Refused(RefusalReasons.Unreadable);
        }
        catch (PcscException)
        {
            return ReaderEvent.Refused(RefusalReasons.Unreadable);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PC/SC reader ready: {Reader}")]
    private static partial void LogReady(ILogger logger, string reader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PC/SC reader lost: {Reason}; looking again")]
    private static partial void LogLost(ILogger logger, string reason);
}
