using System.Text;
using BenchmarkDotNet.Attributes;
using Iot.Device.Pn532.ListPassive;
using RetentionActors.Contracts.Cards;
using RetentionActors.Terminal.Readers.Pn532;
using Device = Iot.Device.Pn532.Pn532;

namespace RetentionActors.Bench.Micro;

/// <summary>
/// The decoding a PN532 card tap costs the terminal's CPU. <c>Pn532Session</c> cannot be built without a serial port,
/// so its calls are repeated here on the same binding class over <see cref="InMemoryPn532"/>: no waiting on a UART or
/// a card, only frame building, ACK and response parsing, checksums and our decoding. The real reader also waits
/// about 150 ms between polls and for the wire; none of that is in these figures. Allocations are those of the
/// binding's I2C read path (HSU reads the same frames byte by byte from the port) plus ours.
/// </summary>
[MemoryDiagnoser]
public class Pn532Benchmarks
{
    private static readonly byte[] Uid = [0x04, 0xA1, 0xB2, 0x3C, 0xD4, 0xE5, 0xF6];
    private Device _device = null!;
    private byte[] _listAnswer = [];
    private byte[] _memberNumberTag = [];
    private byte[] _memberUriTag = [];

    [GlobalSetup]
    public void Setup()
    {
        _device = new Device(new InMemoryPn532(Uid), checkVersion: true);
        _listAnswer = _device.ListPassiveTarget(MaxTarget.One, TargetBaudRate.B106kbpsTypeA)
            ?? throw new InvalidOperationException("The in-memory PN532 answered no target.");
        if (TapToCardId() != $"nfc:{Convert.ToHexString(Uid)}")
        {
            throw new InvalidOperationException($"A tap decoded to {TapToCardId()}.");
        }
        _memberNumberTag = Type2Tag(TextRecord("6001234567890"));
        _memberUriTag = Type2Tag(UriRecord("example.com/c/6001234567890"));
        if (NdefTextMemberNumber()?.ToString() != "mag:6001234567890" || NdefUriMemberNumber()?.ToString() != "mag:6001234567890")
        {
            throw new InvalidOperationException("The NDEF images did not decode to the member number.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _device.Dispose();

    /// <summary>
    /// One poll that finds a card, as Pn532Session.TryPoll and Pn532CardReader.Identify do it: InListPassiveTarget
    /// (command frame out, ACK and response frames in, checksums), the binding's type A decoding, InRelease (a second
    /// frame round trip), the UID as hex, then the card id parsed.
    /// </summary>
    [Benchmark(Baseline = true)]
    public string? TapToCardId()
    {
        var raw = _device.ListPassiveTarget(MaxTarget.One, TargetBaudRate.B106kbpsTypeA);
        if (raw is null || _device.TryDecode106kbpsTypeA(raw.AsSpan(1)) is not { } target)
        {
            return null;
        }
        _device.ReleaseTarget(target.TargetNumber);
        return CardId.TryParse($"{CardId.Nfc}:{Convert.ToHexString(target.NfcId)}", out var card, out _) ? card.ToString() : null;
    }

    /// <summary>Only the decoding after the frame was read: InListPassiveTarget's target data to UID, hex and card id.</summary>
    [Benchmark]
    public string? TargetDataToCardId() =>
        _device.TryDecode106kbpsTypeA(_listAnswer.AsSpan(1)) is { } target
        && CardId.TryParse($"{CardId.Nfc}:{Convert.ToHexString(target.NfcId)}", out var card, out _) ? card.ToString() : null;

    /// <summary>NdefMemberNumber on an NTAG memory image whose NDEF text record holds a member number (the binding's NDEF parser, then ours).</summary>
    [Benchmark]
    public CardId? NdefTextMemberNumber() => NdefMemberNumber.FromTagMemory(_memberNumberTag);

    /// <summary>The same with a URI record ending in the member number.</summary>
    [Benchmark]
    public CardId? NdefUriMemberNumber() => NdefMemberNumber.FromTagMemory(_memberUriTag);

    // NFC Forum Type 2 memory from page 4 on: TLV 03 LL message FE, zero-filled to 144 bytes (NTAG213).
    private static byte[] Type2Tag(byte[] message)
    {
        var memory = new byte[144];
        byte[] tlv = [0x03, (byte)message.Length, .. message, 0xFE];
        tlv.CopyTo(memory, 0);
        return memory;
    }

    // Short well-known records: text (UTF-8, language "en") and URI with prefix 04 (https://).
    private static byte[] TextRecord(string text) => Record((byte)'T', [0x02, (byte)'e', (byte)'n', .. Encoding.UTF8.GetBytes(text)]);

    private static byte[] UriRecord(string rest) => Record((byte)'U', [0x04, .. Encoding.UTF8.GetBytes(rest)]);

    private static byte[] Record(byte type, byte[] payload) => [0xD1, 0x01, (byte)payload.Length, type, .. payload];
}
