using System.Threading.Channels;
using RetentionActors.Terminal.Readers.CardData;

namespace RetentionActors.Terminal.Readers.Keyboard;

/// <summary>
/// Typed card numbers and keyboard-wedge readers. The mode that owns standard input hands it the lines
/// that are card input (in JSON mode: every line that is not a JSON operation).
/// A typed id may name its scheme (<c>nfc:…</c>, <c>mag:…</c>, <c>bar:…</c>); a swipe is parsed as ISO 7813 tracks.
/// </summary>
public sealed class KeyboardCardReader(ChannelReader<string> typedLines, CardDataClassifier classifier) : ICardReader
{
    public string Name => "keyboard";

    public async Task RunAsync(ChannelWriter<ReaderEvent> events, CancellationToken cancellationToken)
    {
        await events.WriteAsync(ReaderEvent.Ready(Name), cancellationToken);
        await foreach (var line in typedLines.ReadAllAsync(cancellationToken))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                await events.WriteAsync(classifier.Classify(line, acceptSchemePrefix: true), cancellationToken);
            }
        }
    }
}
