using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.CardData;
using RetentionActors.Terminal.Readers.Serial;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Readers;

public sealed class SerialCardReaderOverPtyTests
{
    [Fact]
    public async Task A_magstripe_line_written_to_the_device_end_of_a_pty_is_read_through_System_IO_Ports()
    {
        await using var pty = await PtyPair.StartAsync();
        var events = Channel.CreateUnbounded<ReaderEvent>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = NewReader(pty.Host).RunAsync(events.Writer, stop.Token);
        await using var device = pty.OpenDevice();

        Assert.Equal(ReaderEventKind.Ready, (await events.Reader.ReadAsync(stop.Token).Within("the port to open")).Kind);
        await device.WriteAsync("%A6001234567890^HOPPER/GRACE^?;6001234567890?\r\n"u8.ToArray(), stop.Token);
        var swipe = await events.Reader.ReadAsync(stop.Token).Within("the swipe");
        await device.WriteAsync("%B4111111111111111^CARDHOLDER/A^2912101?;4111111111111111=2912101?\r"u8.ToArray(), stop.Token);
        var bank = await events.Reader.ReadAsync(stop.Token).Within("the bank card");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running).Within("the reader to stop");

        Assert.Equal("mag:6001234567890", swipe.Card.ToString());
        Assert.Equal(ReaderEvent.Refused(RefusalReasons.BankCard), bank);
    }

    [Fact]
    public async Task After_the_port_disappears_the_reader_says_lost_and_resumes_by_itself_when_it_is_back()
    {
        var pty = await PtyPair.StartAsync();
        var events = Channel.CreateUnbounded<ReaderEvent>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = NewReader(pty.Host).RunAsync(events.Writer, stop.Token);
        Assert.Equal(ReaderEventKind.Ready, (await events.Reader.ReadAsync(stop.Token).Within("the port to open")).Kind);

        await pty.DisposeAsync();
        var lost = await events.Reader.ReadAsync(stop.Token).Within("the reader to notice the unplug");
        await using var replugged = await PtyPair.StartAsync(pty.Folder);
        var ready = await events.Reader.ReadAsync(stop.Token).Within("the reader to reopen the port");
        await using var device = replugged.OpenDevice();
        await device.WriteAsync("4006381333931\r\n"u8.ToArray(), stop.Token);
        var scan = await events.Reader.ReadAsync(stop.Token).Within("a scan after the replug");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running).Within("the reader to stop");

        Assert.Equal(ReaderEventKind.Lost, lost.Kind);
        Assert.Equal(ReaderEventKind.Ready, ready.Kind);
        Assert.Equal("bar:4006381333931", scan.Card.ToString());
    }

    private static SerialCardReader NewReader(string port)
    {
        var options = new SerialReaderOptions(port, 9600) { ReopenDelay = TimeSpan.FromMilliseconds(100) };
        return new SerialCardReader(options, new SerialLineReader(new CardDataClassifier(OwnCardRanges.None), options.IdleGap), NullLogger<SerialCardReader>.Instance);
    }
}
