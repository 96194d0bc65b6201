using System.Runtime.InteropServices;

namespace RetentionActors.Terminal.Readers.Pcsc;

/// <summary>
/// pcsc-lite (<c>libpcsclite.so.1</c>) as seen from Linux x64: DWORD and LONG are 64-bit (<c>nuint</c>/<c>nint</c>),
/// MAX_ATR_SIZE is 33, SCARD_READERSTATE is 80 bytes. Only what a UID reader needs.
/// </summary>
internal static unsafe partial class PcscNative
{
    private const string Library = "libpcsclite.so.1";

    public const nuint ScopeSystem = 2;
    public const nuint ShareShared = 2;
    public const nuint ProtocolT0 = 1;
    public const nuint ProtocolT1 = 2;
    public const nuint LeaveCard = 0;
    public const nuint StateUnaware = 0;
    public const nuint StateUnknown = 0x4;
    public const nuint StateUnavailable = 0x8;
    public const nuint StatePresent = 0x20;
    public const nuint StateMute = 0x200;
    public const ulong Timeout = 0x8010000A;
    public const ulong Cancelled = 0x80100002;

    [StructLayout(LayoutKind.Sequential)]
    public struct ReaderState
    {
        public nint Reader;
        public nint UserData;
        public nuint CurrentState;
        public nuint EventState;
        public nuint AtrLength;
        public fixed byte Atr[33];
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoRequest
    {
        public nuint Protocol;
        public nuint PciLength;
    }

    [LibraryImport(Library, EntryPoint = "SCardEstablishContext")]
    public static partial nint EstablishContext(nuint scope, nint reserved1, nint reserved2, out nint context);

    [LibraryImport(Library, EntryPoint = "SCardReleaseContext")]
    public static partial nint ReleaseContext(nint context);

    [LibraryImport(Library, EntryPoint = "SCardCancel")]
    public static partial nint Cancel(nint context);

    [LibraryImport(Library, EntryPoint = "SCardListReaders")]
    public static partial nint ListReaders(nint context, byte* groups, byte* readers, ref nuint length);

    [LibraryImport(Library, EntryPoint = "SCardGetStatusChange")]
    public static partial nint GetStatusChange(nint context, nuint timeoutMs, ReaderState* states, nuint count);

    [LibraryImport(Library, EntryPoint = "SCardConnect")]
    public static partial nint Connect(nint context, byte* reader, nuint shareMode, nuint preferredProtocols, out nint card, out nuint activeProtocol);

    [LibraryImport(Library, EntryPoint = "SCardTransmit")]
    public static partial nint Transmit(nint card, IoRequest* sendPci, byte* send, nuint sendLength, IoRequest* receivePci, byte* receive, ref nuint receiveLength);

    [LibraryImport(Library, EntryPoint = "SCardDisconnect")]
    public static partial nint Disconnect(nint card, nuint disposition);

    /// <summary>Throws <see cref="PcscException"/> for a failed call.</summary>
    public static void Check(nint result, string call)
    {
        if (result != 0)
        {
            throw new PcscException(call, (ulong)result);
        }
    }
}
