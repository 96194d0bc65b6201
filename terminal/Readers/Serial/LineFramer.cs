using System.Text;

namespace RetentionActors.Terminal.Readers.Serial;

/// <summary>
/// Splits the bytes of a serial magstripe reader or barcode scanner into lines: CR, LF and CR LF end a line;
/// the caller ends one after an idle gap with <see cref="Flush"/>. Printable ASCII is kept, other control
/// characters (STX/ETX framing) are dropped, bytes above 0x7E become '?', so garbage never parses as a card.
/// A line longer than <see cref="MaxLineLength"/> is cut there and the rest up to the terminator discarded.
/// </summary>
public sealed class LineFramer
{
    public const int MaxLineLength = 512;

    private readonly StringBuilder _line = new();
    private bool _overflowed;

    public bool HasPending => _line.Length > 0 || _overflowed;

    /// <summary>Appends bytes; completed lines are added to <paramref name="lines"/>.</summary>
    public void Append(ReadOnlySpan<byte> bytes, ICollection<string> lines)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)'\r' or (byte)'\n')
            {
                if (Flush() is { } line)
                {
                    lines.Add(line);
                }
            }
            else if (b < 0x20)
            {
                continue;
            }
            else if (_line.Length >= MaxLineLength)
            {
                _overflowed = true;
            }
            else
            {
                _line.Append(b <= 0x7E ? (char)b : '?');
            }
        }
    }

    /// <summary>Ends the current line (idle gap or terminator); null when there was nothing.</summary>
    public string? Flush()
    {
        if (!HasPending)
        {
            return null;
        }
        var line = _line.ToString();
        _line.Clear();
        _overflowed = false;
        return line;
    }
}
