namespace RetentionActors.Terminal.Tests.Pn532;

/// <summary>PN532 HSU frames per UM0701-02 §6.2: <c>00 00 FF LEN LCS TFI PD… DCS 00</c>.</summary>
public static class Pn532Frames
{
    public static readonly byte[] Ack = [0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00];
    public static readonly byte[] Error = [0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00];

    /// <summary>A PN532→host frame: TFI D5, then the response code and data.</summary>
    public static byte[] Response(byte code, ReadOnlySpan<byte> data)
    {
        var length = 2 + data.Length;
        var frame = new List<byte> { 0x00, 0x00, 0xFF, (byte)length, (byte)(0x100 - length) };
        frame.Add(0xD5);
        frame.Add(code);
        frame.AddRange(data.ToArray());
        var sum = 0xD5 + code;
        foreach (var b in data)
        {
            sum += b;
        }
        frame.Add((byte)(0x100 - (sum & 0xFF)));
        frame.Add(0x00);
        return [.. frame];
    }

    /// <summary>A host→PN532 frame (TFI D4), as a host would send it.</summary>
    public static byte[] Command(byte code, ReadOnlySpan<byte> data)
    {
        var frame = Response(code, data);
        frame[5] = 0xD4;
        var sum = 0xD4 + code;
        foreach (var b in data)
        {
            sum += b;
        }
        frame[^2] = (byte)(0x100 - (sum & 0xFF));
        return frame;
    }
}
