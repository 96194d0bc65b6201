namespace RetentionActors.Terminal.Tests.Pn532;

/// <summary>How the simulated PN532 misbehaves.</summary>
public enum Pn532Fault
{
    None,
    /// <summary>Reads commands and answers nothing.</summary>
    Silent,
    /// <summary>ACKs, then answers with bytes that are no frame.</summary>
    Garbage,
    /// <summary>ACKs, then answers with a wrong data checksum.</summary>
    BadChecksum,
    /// <summary>ACKs, then sends only the first half of the answer.</summary>
    Truncated,
}
