using System.Threading.Channels;

namespace RetentionActors.Terminal.Readers;

/// <summary>
/// A card reader of any kind. It runs until cancelled, writing what it reads to <c>events</c>;
/// it recovers from its own faults (reopening its port) and reports them as
/// <see cref="ReaderEventKind.Lost"/>/<see cref="ReaderEventKind.Ready"/>, so the checkout never knows the transport.
/// </summary>
public interface ICardReader
{
    /// <summary>A short human description, e.g. <c>serial /dev/ttyUSB0 @9600</c>.</summary>
    string Name { get; }

    Task RunAsync(ChannelWriter<ReaderEvent> events, CancellationToken cancellationToken);
}
