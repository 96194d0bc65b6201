using System.IO.Pipelines;
using System.Threading.Channels;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.CardData;
using RetentionActors.Terminal.Readers.Serial;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Readers;

public sealed class SerialLineReaderTests
{
    private readonly SerialLineReader _reader = new(new CardDataClassifier(OwnCardRanges.None), TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task Swipes_scans_and_garbage_on_a_stream_come_out_in_order()
    {
        var pipe = new Pipe();
        var events = Channel.CreateUnbounded<ReaderEvent>();
        var pumping = _reader.PumpAsync(pipe.Reader.AsStream(), events.Writer, TestContext.Current.CancellationToken);

        await pipe.Writer.WriteAsync("\u00ff\u00fe\r\n;6001234567890?\r\n%B4111111111111111^X/Y^2912101?\r4006381333931\n"u8.ToArray(), TestContext.Current.CancellationToken);
        await pipe.Writer.CompleteAsync();
        await pumping.Within("the stream to end");
        events.Writer.Complete();
        var seen = await events.Reader.ReadAllAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            [ReaderEvent.Refused(RefusalReasons.Unreadable), ReaderEvent.Read(RetentionActors.Contracts.Cards.CardId.Parse("mag:6001234567890")),
             ReaderEvent.Refused(RefusalReasons.BankCard), ReaderEvent.Read(RetentionActors.Contracts.Cards.CardId.Parse("bar:4006381333931"))],
            seen);
    }

    [Fact]
    public async Task A_scanner_without_suffix_is_framed_by_the_idle_gap()
    {
        var pipe = new Pipe();
        var events = Channel.CreateUnbounded<ReaderEvent>();
        var pumping = _reader.PumpAsync(pipe.Reader.AsStream(), events.Writer, TestContext.Current.CancellationToken);

        await pipe.Writer.WriteAsync("40063813"u8.ToArray(), TestContext.Current.CancellationToken);
        await pipe.Writer.WriteAsync("33931"u8.ToArray(), TestContext.Current.CancellationToken);
        var read = await events.Reader.ReadAsync(TestContext.Current.CancellationToken).Within("the idle gap to end the scan");
        await pipe.Writer.CompleteAsync();
        await pumping.Within("the stream to end");

        Assert.Equal("bar:4006381333931", read.Card.ToString());
    }
}
