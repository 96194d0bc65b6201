namespace RetentionActors.Terminal.Readers.Pn532;

/// <summary>A PN532 on a serial port in HSU mode (115200 8N1): <c>pn532:&lt;port&gt;</c>.</summary>
public sealed record Pn532ReaderOptions(string Port)
{
    /// <summary>Read an NDEF member number from NTAG/Ultralight cards, falling back to the UID (<c>--ndef</c>).</summary>
    public bool ReadNdef { get; init; }

    /// <summary>Pause between two polls.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Pause before recreating a reader that failed.</summary>
    public TimeSpan RecreateDelay { get; init; } = TimeSpan.FromMilliseconds(500);
}
