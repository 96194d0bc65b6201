using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.Pcsc;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Pcsc;

/// <summary>
/// The PC/SC reader through libpcsclite against pcscd with vsmartcard's virtual reader and a virtual card. One at a time,
/// after the parallel tests, since each starts and stops the machine's only pcscd. The reader that was "not found within
/// 15 s" on CI was vpcd failing to listen on a port another test's connection held; <see cref="PcscDaemon"/> now
/// chooses the port.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class PcscCardReaderTests
{
    private static readonly byte[] Uid = [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6];

    [Fact]
    public async Task A_card_put_in_the_reader_is_read_once_as_its_UID_and_again_after_it_was_taken_out()
    {
        await using var pcscd = await PcscDaemon.StartAsync();
        var events = Channel.CreateUnbounded<ReaderEvent>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var reading = new PcscCardReader("Virtual PCD 00 00", NullLogger<PcscCardReader>.Instance).RunAsync(events.Writer, stop.Token);

        var ready = await events.Reader.ReadAsync(stop.Token).Within("the PC/SC reader to be found");
        Assert.True(ready.Kind == ReaderEventKind.Ready, $"the reader was not found: {ready.Reason}");
        var inserted = await VirtualContactlessCard.InsertAsync(Uid, pcscd.CardPort);
        var first = await events.Reader.ReadAsync(stop.Token).Within("the card to be read");
        await inserted.DisposeAsync();
        await using (await VirtualContactlessCard.InsertAsync([0x04, 0x92, 0x2E, 0x58], pcscd.CardPort))
        {
            var second = await events.Reader.ReadAsync(stop.Token).Within("the second card to be read");
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading).Within("the reader to stop");

            Assert.Equal("nfc:04A1B2C3D4E5F6", first.Card.ToString());
            Assert.Equal("nfc:04922E58", second.Card.ToString());
            Assert.False(events.Reader.TryRead(out var extra), $"read again: {extra}");
        }
    }

    [Fact]
    public async Task Without_pcscd_the_reader_says_lost_and_finds_the_reader_when_pcscd_starts()
    {
        await using (var running = await PcscDaemon.StartAsync())
        {
            if (!running.Owned)
            {
                Assert.Skip("pcscd was already running; this test only stops a pcscd it started itself.");
            }
        }
        var events = Channel.CreateUnbounded<ReaderEvent>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var reading = new PcscCardReader(null, NullLogger<PcscCardReader>.Instance) { RetryDelay = TimeSpan.FromMilliseconds(200) }.RunAsync(events.Writer, stop.Token);

        var lost = await events.Reader.ReadAsync(stop.Token).Within("the reader to report pcscd missing");
        await using var pcscd = await PcscDaemon.StartAsync();
        var ready = await events.Reader.ReadAsync(stop.Token).Within("the reader to be found once pcscd runs");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading).Within("the reader to stop");

        Assert.Equal(ReaderEventKind.Lost, lost.Kind);
        Assert.Contains("pcscd is not running", lost.Reason, StringComparison.Ordinal);
        Assert.Equal(ReaderEventKind.Ready, ready.Kind);
    }
}
