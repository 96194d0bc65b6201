using System.Text;

namespace RetentionActors.Terminal.Tests.Pn532;

/// <summary>NFC Forum Type 2 tag memory images (NTAG213 size), built byte by byte from the specs, not with the binding.</summary>
public static class Type2Tags
{
    /// <summary>A short well-known text record (TNF 1, type T, UTF-8, language "en").</summary>
    public static byte[] TextRecord(string text)
    {
        byte[] payload = [0x02, (byte)'e', (byte)'n', .. Encoding.UTF8.GetBytes(text)];
        return [0xD1, 0x01, (byte)payload.Length, (byte)'T', .. payload];
    }

    /// <summary>A short well-known URI record with prefix 0x04 (https://).</summary>
    public static byte[] HttpsRecord(string rest)
    {
        byte[] payload = [0x04, .. Encoding.UTF8.GetBytes(rest)];
        return [0xD1, 0x01, (byte)payload.Length, (byte)'U', .. payload];
    }

    /// <summary>Pages 0–44: UID and lock bytes, capability container on page 3, then <c>03 LL message FE</c> from page 4.</summary>
    public static byte[] Memory(byte[] ndefMessage)
    {
        var memory = new byte[45 * 4];
        byte[] header = [0x04, 0xA1, 0xB2, 0x3C, 0xC3, 0xD4, 0xE5, 0xF6, 0x84, 0x48, 0x00, 0x00, 0xE1, 0x10, 0x12, 0x00];
        header.CopyTo(memory, 0);
        byte[] tlv = [0x03, (byte)ndefMessage.Length, .. ndefMessage, 0xFE];
        tlv.CopyTo(memory, 16);
        return memory;
    }

    /// <summary>The bytes from page 4 on, as a reader gets them.</summary>
    public static byte[] FromPage4(byte[] memory) => memory[16..];
}
