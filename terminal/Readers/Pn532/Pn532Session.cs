using Iot.Device.Pn532.ListPassive;
using Iot.Device.Pn532.RfConfiguration;
using Device = Iot.Device.Pn532.Pn532;

namespace RetentionActors.Terminal.Readers.Pn532;

/// <summary>
/// One opened PN532 (the <c>Iot.Device.Bindings</c> class): firmware checked on creation, then one type A poll at a
/// time. The binding answers null both for "no card" and for a garbled or missing answer, so an empty poll is
/// followed by a communication-line self test: a device that fails it is reported as lost.
/// </summary>
public sealed class Pn532Session : IDisposable
{
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

    /// <summary>The UID (upper-case hex) of a type A card in the field, or null when there is none.</summary>
    public string? Poll()
    {
        var raw = _device.ListPassiveTarget(MaxTarget.One, TargetBaudRate.B106kbpsTypeA);
        if (raw is null || raw.Length < 2)
        {
            if (!_device.RunSelfTest(Iot.Device.Pn532.DiagnoseMode.CommunicationLineTest))
            {
                throw new IOException("The PN532 does not answer its communication line test.");
            }
            return null;
        }
        var target = _device.TryDecode106kbpsTypeA(raw.AsSpan(1));
        if (target is null || target.NfcId.Length is not (4 or 7 or 10))
        {
            throw new IOException("The PN532 answered a target list that does not decode.");
        }
        _device.ReleaseTarget(target.TargetNumber);
        return Convert.ToHexString(target.NfcId);
    }

    public void Dispose() => SerialDisposal(_device);

    // Disposing a port whose peer vanished can block: never on the polling thread's critical path.
    private static void SerialDisposal(Device device) => Serial.SerialPorts.DisposeInBackground(device);
}
