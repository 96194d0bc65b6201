using System.Threading.Channels;
using RetentionActors.Terminal.Readers.CardData;

namespace RetentionActors.Terminal.Readers.Keyboard;

/// <summary>
/// Typed card numbers and keyboard-wedge readers. Standard input belongs to the mode (prompts, JSON operations), so
/// the mode hands each line that is card input to <see cref="Read"/> and gets the card or refusal back at once.
/// A typed id may name its scheme (<c>nfc:…</c>, <c>mag:…</c>, <c>bar:…</c>); a swipe is parsed as ISO 7813 tracks.
/// </summary>
public sealed class KeyboardCardReader(CardDataClassifier classifier) : ICardReader
{
    public string Name => "keyboard";

    public ReaderEvent Read(string line) => classifier.Classify(line, acceptSchemePrefix: true);

    public async Task RunAsync(ChannelWriter<ReaderEvent> events, CancellationToken cancellationToken) =>
        await events.WriteAsync(ReaderEvent.Ready(Name), cancellationToken);
}
