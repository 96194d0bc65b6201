using System.Device.I2c;

namespace RetentionActors.Bench.Micro;

/// <summary>
/// A PN532 on an in-memory I2C bus, so the binding's frame code (<c>Iot.Device.Pn532.Pn532</c>) runs without
/// hardware or a serial port: every command frame written is answered at once with an ACK frame and a response
/// frame (<c>00 00 FF LEN LCS D5 CMD+1 … DCS 00</c>, UM0701-02 §6.2), each behind the I2C ready byte. HSU, the
/// terminal's transport, carries the same frames; the binding reads them there byte by byte from the port instead.
/// </summary>
public sealed class InMemoryPn532(byte[] uid) : I2cDevice
{
    private static readonly byte[] Ack = [0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00];
    private readonly Queue<byte[]> _outgoing = new();

    // Built once per command (and page): the benchmarks' allocations are then the binding's and ours, not the fake's.
    private readonly Dictionary<int, byte[]> _responses = [];

    public override I2cConnectionSettings ConnectionSettings { get; } = new(1, Iot.Device.Pn532.Pn532.I2cDefaultAddress);

    /// <summary>Type 2 tag memory served to InDataExchange READ, 16 bytes from page × 4.</summary>
    public byte[] Memory { get; init; } = new byte[180];

    // The status byte: bit 0 set while a frame waits to be read.
    public override byte ReadByte() => _outgoing.Count > 0 ? (byte)0x01 : (byte)0x00;

    public override void Read(Span<byte> buffer)
    {
        buffer.Clear();
        if (_outgoing.TryDequeue(out var frame))
        {
            buffer[0] = 0x01;
            frame.AsSpan(0, Math.Min(frame.Length, buffer.Length - 1)).CopyTo(buffer[1..]);
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // Preamble and wake-up bytes are skipped up to the start code 00 FF; then LEN, LCS, D4, command, parameters.
        var start = buffer.IndexOf([(byte)0x00, (byte)0xFF]);
        if (start < 0 || buffer.Length < start + 6)
        {
            return;
        }
        var length = buffer[start + 2];
        var body = buffer.Slice(start + 4, length);
        var command = body[1];
        var parameters = body[2..];
        var key = command << 8 | (command == 0x40 && parameters.Length >= 3 ? parameters[2] : 0);
        if (!_responses.TryGetValue(key, out var response))
        {
            _responses[key] = response = Response((byte)(command + 1), Answer(command, parameters));
        }
        _outgoing.Enqueue(Ack);
        _outgoing.Enqueue(response);
    }

    public override void WriteByte(byte value) => throw new NotSupportedException();

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => throw new NotSupportedException();

    private byte[] Answer(byte command, ReadOnlySpan<byte> parameters) => command switch
    {
        0x00 => [.. parameters],                                    // Diagnose: echo
        0x02 => [0x32, 0x01, 0x06, 0x07],                           // GetFirmwareVersion: PN532 v1.6
        0x40 when parameters.Length >= 3 && parameters[1] == 0x30 => [0x00, .. Memory.AsSpan((parameters[2] * 4) % (Memory.Length - 15), 16)],
        0x4A => [0x01, 0x01, 0x00, 0x44, 0x00, (byte)uid.Length, .. uid], // InListPassiveTarget: one type A target, NFCID1
        0x44 or 0x52 => [0x00],                                     // InDeselect, InRelease
        _ => [],                                                    // SAMConfiguration, SetParameters, RFConfiguration
    };

    private static byte[] Response(byte code, byte[] data)
    {
        var frame = new byte[data.Length + 9];
        (frame[0], frame[1], frame[2]) = (0x00, 0x00, 0xFF);
        frame[3] = (byte)(data.Length + 2);
        frame[4] = (byte)(0x100 - frame[3]);
        (frame[5], frame[6]) = (0xD5, code);
        data.CopyTo(frame, 7);
        var sum = 0xD5 + code + data.Sum(b => b);
        frame[^2] = (byte)(0x100 - (sum & 0xFF));
        return frame;
    }
}
