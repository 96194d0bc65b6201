using Iot.Device.Pn532.ListPassive;
using Iot.Device.Pn532.RfConfiguration;
using RetentionActors.Contracts.Cards;
using Device = Iot.Device.Pn532.Pn532;

namespace RetentionActors.Terminal.Readers.Pn532;

/// <summary>
/// One opened PN532 (the <c>Iot.Device.Bindings</c> class): firmware checked on creation, then one type A poll at a
/// time. The binding answers null both for "no card" and for a garbled or missing answer, so an empty poll is
/// followed by a communication-line self test: a device that fails it is reported as lost.
/// </summary>
public sealed class Pn532Session : IDisposable
{
    // NTAG216 has 888 user bytes: 56 reads of 16 bytes is enough for any Type 2 tag we would meet.
    private const int MaxReads = 56;
    private readonly Device _device;

    private Pn532Session(Device device) => _device = device;

    public string Firmware => _device.FirmwareVersion is { } v ? $"PN5{v.IdentificationCode:X2} v{v.Version}" : "unknown firmware";

    /// <summary>Opens the port and checks the firmware; throws when no PN532 answers.</summary>
    public static Pn532Session Open(string port)
    {
        var device = new Device(port, checkVersion: true);
        try
        {
            // Finite passive-activation retries: a poll with no card answers "none" instead of waiting for one.
            device.SetMaxRetriesInitialization(new MaxRetriesMode { MaxRetryAnswerToReset = 0xFF, MaxRetryPSL = 0x01, MaxRetryPassiveActivation = 0x02 });
            return new Pn532Session(device);
        }
        catch
        {
            SerialDisposal(device);
            throw;
        }
    }

    /// <summary>
    /// Polls once. True with the UID (upper-case hex) of a type A card in the field, or with null when the field is
    /// empty; false when the device did not answer properly (garbage, bad checksum, late or no answer).
    /// </summary>
    public bool TryPoll(out string? uid)
    {
        uid = null;
        var raw = _device.ListPassiveTarget(MaxTarget.One, TargetBaudRate.B106kbpsTypeA);
        if (raw is null || raw.Length < 2)
        {
            return _device.RunSelfTest(Iot.Device.Pn532.DiagnoseMode.CommunicationLineTest);
        }
        var target = _device.TryDecode106kbpsTypeA(raw.AsSpan(1));
        if (target is null || target.NfcId.Length is not (4 or 7 or 10))
        {
            return false;
        }
        _device.ReleaseTarget(target.TargetNumber);
        uid = Convert.ToHexString(target.NfcId);
        return true;
    }

    /// <summary>
    /// Selects the card again and reads its NDEF member number (Type 2 READ, 16 bytes per command, pages 4 on, up to
    /// the TLV terminator); null when the card has none or is gone. Never a reader fault: the UID is the fallback.
    /// </summary>
    public CardId? ReadMemberNumber()
    {
        var raw = _device.ListPassiveTarget(MaxTarget.One, TargetBaudRate.B106kbpsTypeA);
        if (raw is null || raw.Length < 2 || _device.TryDecode106kbpsTypeA(raw.AsSpan(1)) is not { } target)
        {
            return null;
        }
        try
        {
            var memory = new List<byte>();
            var page = new byte[16];
            for (byte first = 4; first < 4 + (MaxReads * 4); first += 4)
            {
                if (_device.TransceiveAdvance(target.TargetNumber, [0x30, first], page) != 16)
                {
                    break;
                }
                memory.AddRange(page);
                if (Array.IndexOf(page, (byte)0xFE) >= 0)
                {
                    break;
                }
            }
            return memory.Count == 0 ? null : NdefMemberNumber.FromTagMemory(memory.ToArray());
        }
        finally
        {
            _device.ReleaseTarget(target.TargetNumber);
        }
    }

    public void Dispose() => SerialDisposal(_device);

    // Disposing a port whose peer vanished can block: never on the polling thread's critical path.
    private static void SerialDisposal(Device device) => Serial.SerialPorts.DisposeInBackground(device);
}
