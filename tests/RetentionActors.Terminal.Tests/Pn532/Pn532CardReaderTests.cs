using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.Pn532;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Pn532;

/// <summary>The PN532 adapter end to end: binding, System.IO.Ports, a socat pty pair, the simulator.</summary>
[Collection(TimingSensitive.Name)]
public sealed class Pn532CardReaderTests : IAsyncDisposable
{
    private static readonly byte[] SevenByteUid = [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6];
    private readonly Channel<ReaderEvent> _events = Channel.CreateUnbounded<ReaderEvent>();
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private SimulatedPn532 _pn532 = null!;
    private Task? _reading;

    [Fact]
    public async Task A_card_on_the_reader_is_read_once_as_its_UID_however_often_it_is_polled()
    {
        await StartAsync();
        _pn532.Simulator.Card = SevenByteUid;

        var read = await NextAsync("the card");
        await _pn532.PollsAsync(8).Within("eight more polls");

        Assert.Equal("nfc:04A1B2C3D4E5F6", read.Card.ToString());
        Assert.False(_events.Reader.TryRead(out var extra), $"read again: {extra}");
    }

    [Fact]
    public async Task A_card_taken_away_and_presented_again_is_read_again_and_four_byte_UIDs_work()
    {
        await StartAsync();
        _pn532.Simulator.Card = [0x04, 0x92, 0x2E, 0x58];
        var first = await NextAsync("the card");

        // The simulator counts the polls it answered; on a starved machine the reader may have given up on some of those
        // answers (a late answer is a failed poll, not an empty field), so it needs more of them than it takes to remove a card.
        _pn532.Simulator.Card = null;
        await _pn532.PollsAsync(CardPresence.AbsentPollsToRemove * 4).Within("polls of an empty field");
        _pn532.Simulator.Card = [0x04, 0x92, 0x2E, 0x58];
        var again = await NextCardAsync("the card presented again");

        Assert.Equal("nfc:04922E58", first.Card.ToString());
        Assert.Equal("nfc:04922E58", again.Card.ToString());
    }

    [Theory]
    [InlineData(Pn532Fault.Garbage)]
    [InlineData(Pn532Fault.BadChecksum)]
    [InlineData(Pn532Fault.Truncated)]
    [InlineData(Pn532Fault.Silent)]
    public async Task After_a_fault_the_reader_says_lost_recreates_itself_and_reads_the_next_card(Pn532Fault fault)
    {
        await StartAsync();
        _pn532.Simulator.Card = SevenByteUid;
        await NextAsync("the card before the fault");

        _pn532.Simulator.Fault = fault;
        var lost = await NextAsync("the reader to notice the fault");
        _pn532.Simulator.Fault = Pn532Fault.None;
        var ready = await NextAsync("the reader to be recreated");
        await _pn532.PollsAsync(3).Within("polls with the first card still held");
        _pn532.Simulator.Card = [0x04, 0x92, 0x2E, 0x58];
        var next = await NextCardAsync("the next card after recovery");

        Assert.Equal(ReaderEventKind.Lost, lost.Kind);
        Assert.Equal(ReaderEventKind.Ready, ready.Kind);
        Assert.Equal("nfc:04922E58", next.Card.ToString());
    }

    [Fact]
    public async Task One_late_or_garbled_answer_is_not_an_outage_and_a_held_card_is_not_read_twice()
    {
        await StartAsync();
        _pn532.Simulator.Card = SevenByteUid;
        await NextAsync("the card");

        _pn532.Simulator.FaultOnce(Pn532Fault.Garbage);
        await _pn532.PollsAsync(5).Within("polls after the garbled answer");

        Assert.False(_events.Reader.TryRead(out var extra), $"unexpected: {extra}");
    }

    [Fact]
    public async Task A_silent_device_at_start_is_reported_lost_without_hanging_and_is_picked_up_when_it_answers()
    {
        _pn532 = await SimulatedPn532.StartAsync();
        _pn532.Simulator.Fault = Pn532Fault.Silent;
        _reading = NewReader().RunAsync(_events.Writer, _stop.Token);

        var lost = await _events.Reader.ReadAsync(_stop.Token).Within("the reader to give up on a silent device");
        _pn532.Simulator.Fault = Pn532Fault.None;
        var ready = await _events.Reader.ReadAsync(_stop.Token).Within("the reader to find the device");

        Assert.Equal(ReaderEventKind.Lost, lost.Kind);
        Assert.Equal(ReaderEventKind.Ready, ready.Kind);
    }

    [Fact]
    public async Task Unplugging_and_replugging_the_reader_resumes_polling_by_itself()
    {
        await StartAsync();
        _pn532.Simulator.Card = SevenByteUid;
        await NextAsync("the card before the unplug");

        await _pn532.UnplugAsync();
        var lost = await NextAsync("the reader to notice the unplug");
        await _pn532.ReplugAsync();
        var ready = await NextAsync("the reader to reopen the port");
        _pn532.Simulator.Card = null;
        await _pn532.PollsAsync(CardPresence.AbsentPollsToRemove + 1).Within("polls of an empty field after the replug");
        _pn532.Simulator.Card = SevenByteUid;
        var again = await NextCardAsync("the card presented after the replug");

        Assert.Equal(ReaderEventKind.Lost, lost.Kind);
        Assert.Equal(ReaderEventKind.Ready, ready.Kind);
        Assert.Equal("nfc:04A1B2C3D4E5F6", again.Card.ToString());
    }

    [Fact]
    public async Task With_NDEF_on_a_tag_carrying_a_member_number_reads_that_number_once_and_a_plain_tag_falls_back_to_its_UID()
    {
        await StartAsync(readNdef: true);
        _pn532.Simulator.Memory = Type2Tags.Memory(Type2Tags.TextRecord("6001234567890"));
        _pn532.Simulator.Card = SevenByteUid;

        var member = await NextAsync("the member number");
        await _pn532.PollsAsync(6).Within("more polls with the tag held");
        Assert.False(_events.Reader.TryRead(out var extra), $"read again: {extra}");
        _pn532.Simulator.Card = null;
        await _pn532.PollsAsync(CardPresence.AbsentPollsToRemove + 1).Within("polls of an empty field");
        _pn532.Simulator.Memory = new byte[180];
        _pn532.Simulator.Card = [0x04, 0x92, 0x2E, 0x58];
        var plain = await NextCardAsync("the plain tag");

        Assert.Equal("mag:6001234567890", member.Card.ToString());
        Assert.Equal("nfc:04922E58", plain.Card.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_reading is not null)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _reading.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        if (_pn532 is not null)
        {
            await _pn532.DisposeAsync();
        }
        _stop.Dispose();
    }

    private async Task StartAsync(bool readNdef = false)
    {
        _pn532 = await SimulatedPn532.StartAsync();
        _reading = NewReader(readNdef).RunAsync(_events.Writer, _stop.Token);
        while ((await NextAsync("the reader to open")).Kind != ReaderEventKind.Ready)
        {
        }
    }

    private Pn532CardReader NewReader(bool readNdef = false) => new(
        new Pn532ReaderOptions(_pn532.Port) { ReadNdef = readNdef, PollInterval = TimeSpan.FromMilliseconds(20), RecreateDelay = TimeSpan.FromMilliseconds(100) },
        NullLogger<Pn532CardReader>.Instance);

    private Task<ReaderEvent> NextAsync(string what) => _events.Reader.ReadAsync(_stop.Token).Within(what, TimeSpan.FromSeconds(20));

    // The next card read, past any lost/ready pair a starved machine may cause (asserted where a test is about them).
    private async Task<ReaderEvent> NextCardAsync(string what)
    {
        while (true)
        {
            var next = await NextAsync(what);
            if (next.Kind is ReaderEventKind.Card or ReaderEventKind.Refused)
            {
                return next;
            }
        }
    }
}
