namespace RetentionActors.Terminal.Tests.Pn532;

/// <summary>
/// A PN532 in HSU mode as seen from its UART, for tests: frames synced on <c>00 FF</c> (wake-up <c>55</c> and extra
/// preamble bytes skipped), normal and extended frames, LCS/DCS checked (a bad frame is not ACKed), ACK then
/// response, NACK resends the last response, unknown commands get the error frame. Answers what libnfc's
/// nfc-list and the dotnet/iot binding ask: SAMConfiguration, GetFirmwareVersion (1.6), Diagnose, SetParameters,
/// Read/WriteRegister, RFConfiguration, InListPassiveTarget (type A, UID of any length), InDataExchange READ,
/// InCommunicateThru, InDeselect, InRelease, PowerDown, SetSerialBaudRate. Faults can be switched on at any time.
/// </summary>
public sealed class Pn532Simulator(Stream port)
{
    private readonly List<byte> _input = [];
    private readonly Dictionary<ushort, byte> _registers = [];
    private readonly Lock _lock = new();
    private byte[] _lastResponse = Pn532Frames.Error;
    private byte[]? _uid;
    private Pn532Fault _faultOnce;

    /// <summary>The UID of the card in the field, or null for none.</summary>
    public byte[]? Card
    {
        get { lock (_lock) { return _uid; } }
        set { lock (_lock) { _uid = value; } }
    }

    public Pn532Fault Fault { get; set; }

    /// <summary>Misbehaves for the next command only.</summary>
    public void FaultOnce(Pn532Fault fault) => _faultOnce = fault;

    /// <summary>Type 2 tag memory served to InDataExchange READ (16 bytes per read, from page × 4).</summary>
    public byte[] Memory { get; set; } = new byte[180];

    /// <summary>How many InListPassiveTarget commands were answered (to await polls without sleeping).</summary>
    public int Polls { get; private set; }

    public event Action<int>? Polled;

    /// <summary>Serves the port until it closes (the pty pair is killed) or <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.Factory.StartNew(() =>
    {
        var buffer = new byte[512];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var count = port.Read(buffer, 0, buffer.Length);
                if (count == 0)
                {
                    return;
                }
                _input.AddRange(buffer.AsSpan(0, count).ToArray());
                ProcessFrames();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Unplugged.
        }
    }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void ProcessFrames()
    {
        while (true)
        {
            var start = IndexOfStartCode();
            if (start < 0)
            {
                // Keep a trailing 00 in case FF follows in the next read.
                _input.RemoveRange(0, Math.Max(0, _input.Count - 1));
                return;
            }
            _input.RemoveRange(0, start);
            if (_input.Count < 4)
            {
                return;
            }
            var (len, lcs) = (_input[2], _input[3]);
            if (len == 0x00 && lcs == 0xFF)
            {
                _input.RemoveRange(0, 4); // Host ACK: abort, nothing to answer.
                continue;
            }
            if (len == 0xFF && lcs == 0x00)
            {
                _input.RemoveRange(0, 4); // NACK: send the last response again.
                Send(_lastResponse);
                continue;
            }
            int headerLength, length;
            if (len == 0xFF && lcs == 0xFF)
            {
                if (_input.Count < 7)
                {
                    return;
                }
                (headerLength, length) = (7, (_input[4] << 8) | _input[5]);
                if (((_input[4] + _input[5] + _input[6]) & 0xFF) != 0)
                {
                    _input.RemoveRange(0, 2);
                    continue;
                }
            }
            else
            {
                (headerLength, length) = (4, len);
                if (((len + lcs) & 0xFF) != 0)
                {
                    _input.RemoveRange(0, 2);
                    continue;
                }
            }
            if (_input.Count < headerLength + length + 1)
            {
                return;
            }
            var body = _input.GetRange(headerLength, length).ToArray();
            var dcs = _input[headerLength + length];
            _input.RemoveRange(0, headerLength + length + 1);
            if (((body.Sum(b => b) + dcs) & 0xFF) != 0 || body.Length < 2 || body[0] != 0xD4)
            {
                continue; // Bad checksum or not for us: no ACK, the host times out.
            }
            Execute(body[1], body.AsSpan(2));
        }
    }

    private int IndexOfStartCode()
    {
        for (var i = 0; i + 1 < _input.Count; i++)
        {
            if (_input[i] == 0x00 && _input[i + 1] == 0xFF)
            {
                return i;
            }
        }
        return -1;
    }

    private void Execute(byte command, ReadOnlySpan<byte> data)
    {
        var fault = _faultOnce != Pn532Fault.None ? _faultOnce : Fault;
        _faultOnce = Pn532Fault.None;
        if (fault == Pn532Fault.Silent)
        {
            return;
        }
        Send(Pn532Frames.Ack);
        var response = Answer(command, data);
        if (response is null)
        {
            Send(Pn532Frames.Error);
            return;
        }
        var frame = Pn532Frames.Response((byte)(command + 1), response);
        _lastResponse = frame;
        switch (fault)
        {
            case Pn532Fault.Garbage:
                Send([0x13, 0x37, 0xAB, 0xFF, 0x00, 0x42, 0x99, 0x55, 0x01, 0x02, 0x03]);
                break;
            case Pn532Fault.BadChecksum:
                frame[^2] ^= 0x5A;
                Send(frame);
                break;
            case Pn532Fault.Truncated:
                Send(frame.AsSpan(0, frame.Length / 2).ToArray());
                break;
            default:
                Send(frame);
                break;
        }
        if (command == 0x4A)
        {
            Polls++;
            Polled?.Invoke(Polls);
        }
    }

    private byte[]? Answer(byte command, ReadOnlySpan<byte> data) => command switch
    {
        0x00 => [.. data],                                  // Diagnose: echo NumTst and data
        0x02 => [0x32, 0x01, 0x06, 0x07],                   // GetFirmwareVersion: PN532 v1.6, ISO A/B/18092
        0x06 => ReadRegisters(data),
        0x08 => WriteRegisters(data),
        0x10 or 0x12 or 0x14 or 0x32 => [],                 // SetSerialBaudRate, SetParameters, SAMConfiguration, RFConfiguration
        0x16 => [0x00],                                     // PowerDown
        0x40 => DataExchange(data),
        0x42 => [0x01],                                     // InCommunicateThru: no answer from a target
        0x44 or 0x52 => [0x00],                             // InDeselect, InRelease
        0x4A => ListPassiveTarget(data),
        _ => null,
    };

    private byte[] ListPassiveTarget(ReadOnlySpan<byte> data)
    {
        var uid = Card;
        if (uid is null || data.Length < 2 || data[1] != 0x00)
        {
            return [0x00];
        }
        // Tg, SENS_RES (wire order as hardware), SAK, NFCID length, NFCID1.
        byte[] sensRes = uid.Length == 4 ? [0x00, 0x04] : [0x00, 0x44];
        return [0x01, 0x01, .. sensRes, (byte)(uid.Length == 4 ? 0x08 : 0x00), (byte)uid.Length, .. uid];
    }

    private byte[] DataExchange(ReadOnlySpan<byte> data)
    {
        if (Card is null || data.Length < 3 || data[1] != 0x30)
        {
            return [0x01];
        }
        var page = data[2];
        var bytes = new byte[16];
        for (var i = 0; i < 16; i++)
        {
            bytes[i] = Memory[(page * 4 + i) % Memory.Length];
        }
        return [0x00, .. bytes];
    }

    private byte[] ReadRegisters(ReadOnlySpan<byte> data)
    {
        var values = new List<byte>();
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            values.Add(_registers.GetValueOrDefault((ushort)((data[i] << 8) | data[i + 1])));
        }
        return [.. values];
    }

    private byte[] WriteRegisters(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i + 2 < data.Length; i += 3)
        {
            _registers[(ushort)((data[i] << 8) | data[i + 1])] = data[i + 2];
        }
        return [];
    }

    private void Send(byte[] bytes)
    {
        port.Write(bytes, 0, bytes.Length);
        port.Flush();
    }
}
