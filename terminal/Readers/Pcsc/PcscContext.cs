using System.Runtime.InteropServices;
using System.Text;

namespace RetentionActors.Terminal.Readers.Pcsc;

/// <summary>One pcsc-lite context: lists readers, waits for a card, reads its UID with <c>FF CA 00 00 00</c>.</summary>
public sealed unsafe class PcscContext : IDisposable
{
    private static readonly byte[] GetUid = [0xFF, 0xCA, 0x00, 0x00, 0x00];
    private readonly nint _context;
    private bool _disposed;

    private PcscContext(nint context) => _context = context;

    public static PcscContext Establish()
    {
        PcscNative.Check(PcscNative.EstablishContext(PcscNative.ScopeSystem, 0, 0, out var context), "SCardEstablishContext");
        return new PcscContext(context);
    }

    public IReadOnlyList<string> Readers()
    {
        nuint length = 0;
        var result = PcscNative.ListReaders(_context, null, null, ref length);
        if ((ulong)result == 0x8010002E)
        {
            return [];
        }
        PcscNative.Check(result, "SCardListReaders");
        var buffer = new byte[(int)length];
        fixed (byte* readers = buffer)
        {
            PcscNative.Check(PcscNative.ListReaders(_context, null, readers, ref length), "SCardListReaders");
        }
        return Encoding.UTF8.GetString(buffer, 0, (int)length).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the reader's state to differ from <paramref name="current"/>; returns the new state, or null on timeout.</summary>
    public nuint? WaitForChange(string reader, nuint current, TimeSpan timeout)
    {
        var name = Marshal.StringToCoTaskMemUTF8(reader);
        try
        {
            var state = new PcscNative.ReaderState { Reader = name, CurrentState = current };
            var result = PcscNative.GetStatusChange(_context, (nuint)timeout.TotalMilliseconds, &state, 1);
            if ((ulong)result is PcscNative.Timeout)
            {
                return null;
            }
            PcscNative.Check(result, "SCardGetStatusChange");
            return state.EventState;
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    /// <summary>Connects to the card in <paramref name="reader"/> and returns its UID, or null when the card does not give one.</summary>
    public byte[]? ReadUid(string reader)
    {
        var name = Marshal.StringToCoTaskMemUTF8(reader);
        try
        {
            PcscNative.Check(PcscNative.Connect(_context, (byte*)name, PcscNative.ShareShared, PcscNative.ProtocolT0 | PcscNative.ProtocolT1, out var card, out var protocol), "SCardConnect");
            try
            {
                var request = new PcscNative.IoRequest { Protocol = protocol, PciLength = (nuint)sizeof(PcscNative.IoRequest) };
                var response = new byte[258];
                nuint length = (nuint)response.Length;
                fixed (byte* send = GetUid)
                fixed (byte* receive = response)
                {
                    PcscNative.Check(PcscNative.Transmit(card, &request, send, (nuint)GetUid.Length, null, receive, ref length), "SCardTransmit");
                }
                var n = (int)length;
                return n >= 6 && response[n - 2] == 0x90 && response[n - 1] == 0x00 ? response[..(n - 2)] : null;
            }
            finally
            {
                PcscNative.Disconnect(card, PcscNative.LeaveCard);
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            PcscNative.ReleaseContext(_context);
        }
    }
}
