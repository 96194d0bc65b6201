using System.Threading.Channels;
using RetentionActors.Terminal.Readers.CardData;

namespace RetentionActors.Terminal.Readers.Serial;

/// <summary>
/// Reads lines from one open stream (a serial port's <c>BaseStream</c>, or any stream in tests) and reports
/// each as a card or a refusal. Returns when the stream ends; throws what the stream throws.
/// </summary>
public sealed class SerialLineReader(CardDataClassifier classifier, TimeSpan idleGap)
{
    public async Task PumpAsync(Stream stream, ChannelWriter<ReaderEvent> events, CancellationToken cancellationToken)
    {
        var framer = new LineFramer();
        var lines = new List<string>();
        var buffer = new byte[256];
        Task<int>? pending = null;
        while (true)
        {
            pending ??= stream.ReadAsync(buffer, cancellationToken).AsTask();
            if (framer.HasPending && await Task.WhenAny(pending, Task.Delay(idleGap, cancellationToken)) != pending)
            {
                await ReportAsync(framer.Flush(), events, cancellationToken);
                continue;
            }

            var count = await pending;
            pending = null;
            if (count == 0)
            {
                await ReportAsync(framer.Flush(), events, cancellationToken);
                return;
            }
            framer.Append(buffer.AsSpan(0, count), lines);
            foreach (var line in lines)
            {
                await ReportAsync(line, events, cancellationToken);
            }
            lines.Clear();
        }
    }

    private async Task ReportAsync(string? line, ChannelWriter<ReaderEvent> events, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            await events.WriteAsync(classifier.Classify(line), cancellationToken);
        }
    }
}
