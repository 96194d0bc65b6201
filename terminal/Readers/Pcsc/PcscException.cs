namespace RetentionActors.Terminal.Readers.Pcsc;

/// <summary>A pcsc-lite call failed; <see cref="Code"/> is the SCARD_E_/SCARD_W_ value.</summary>
public sealed class PcscException : IOException
{
    public PcscException()
    {
    }

    public PcscException(string message)
        : base(message)
    {
    }

    public PcscException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PcscException(string call, ulong code)
        : base($"{call} failed: 0x{code:X8}{Explain(code)}") => Code = code;

    public ulong Code { get; }

    private static string Explain(ulong code) => code switch
    {
        0x8010001D => " (pcscd is not running)",
        0x8010002E => " (no readers)",
        0x80100009 => " (unknown reader)",
        0x80100017 => " (reader unavailable)",
        0x8010000C => " (no card)",
        0x80100069 => " (card removed)",
        _ => "",
    };
}
