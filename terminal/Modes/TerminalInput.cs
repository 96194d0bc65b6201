using System.Threading.Channels;
using RetentionActors.Terminal.Readers;

namespace RetentionActors.Terminal.Modes;

/// <summary>
/// The reader's events and the lines of standard input merged into one ordered stream, so a mode handles one
/// thing at a time. The stream completes when standard input ends.
/// </summary>
public sealed class TerminalInput
{
    private readonly Channel<InputItem> _items = Channel.CreateUnbounded<InputItem>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<InputItem> Items => _items.Reader;

    /// <summary>Copies reader events in until cancelled.</summary>
    public async Task PumpEventsAsync(ChannelReader<ReaderEvent> events, CancellationToken cancellationToken)
    {
        await foreach (var readerEvent in events.ReadAllAsync(cancellationToken))
        {
            await _items.Writer.WriteAsync(new InputItem(readerEvent, null), cancellationToken);
        }
    }

    /// <summary>Copies lines in; completes the stream when <paramref name="input"/> ends.</summary>
    public async Task PumpLinesAsync(TextReader input, CancellationToken cancellationToken)
    {
        try
        {
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                await _items.Writer.WriteAsync(new InputItem(null, line), cancellationToken);
            }
        }
        finally
        {
            _items.Writer.TryComplete();
        }
    }
}
