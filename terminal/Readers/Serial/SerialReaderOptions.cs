namespace RetentionActors.Terminal.Readers.Serial;

/// <summary>Where and how a serial reader is opened: <c>serial:&lt;port&gt;[@baud]</c>.</summary>
public sealed record SerialReaderOptions(string Port, int BaudRate = 9600)
{
    /// <summary>No bytes for this long ends a line from a reader configured without a suffix.</summary>
    public TimeSpan IdleGap { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long to wait before reopening a port that failed or went away.</summary>
    public TimeSpan ReopenDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public static bool TryParse(string spec, out SerialReaderOptions options, out string error)
    {
        options = null!;
        var at = spec.LastIndexOf('@');
        var port = at < 0 ? spec : spec[..at];
        var baud = 9600;
        if (port.Length == 0)
        {
            error = "serial: needs a port, e.g. serial:/dev/ttyUSB0@9600";
            return false;
        }
        if (at >= 0 && (!int.TryParse(spec[(at + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out baud) || baud <= 0))
        {
            error = $"'{spec[(at + 1)..]}' is not a baud rate";
            return false;
        }
        options = new SerialReaderOptions(port, baud);
        error = "";
        return true;
    }
}
