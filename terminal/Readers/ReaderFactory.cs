using Microsoft.Extensions.Logging;
using RetentionActors.Terminal.Readers.CardData;
using RetentionActors.Terminal.Readers.Keyboard;
using RetentionActors.Terminal.Readers.Pcsc;
using RetentionActors.Terminal.Readers.Pn532;
using RetentionActors.Terminal.Readers.Serial;

namespace RetentionActors.Terminal.Readers;

/// <summary>Builds the reader <c>--reader</c> names.</summary>
public static class ReaderFactory
{
    public static bool IsKeyboard(string spec) => spec == "keyboard";

    /// <summary>What is wrong with a <c>--reader</c> value, naming it and what to give instead; null when it names a reader.</summary>
    public static string? Problem(string spec)
    {
        if (IsKeyboard(spec))
        {
            return null;
        }
        var (kind, rest) = Split(spec);
        return kind switch
        {
            "serial" => SerialReaderOptions.TryParse(rest, out _, out var error) ? null : $"--reader {spec}: {error}",
            "pn532" when rest.Length > 0 => null,
            "pcsc" => null,
            _ => $"--reader {spec}: use keyboard, serial:<port>[@baud], pn532:<port> or pcsc[:<reader name>].",
        };
    }

    /// <exception cref="FormatException">The spec names no reader (<see cref="Problem"/> says why).</exception>
    public static ICardReader Create(string spec, CardDataClassifier classifier, ILoggerFactory loggers, bool readNdef = false)
    {
        if (Problem(spec) is { } problem)
        {
            throw new FormatException(problem);
        }
        if (IsKeyboard(spec))
        {
            return new KeyboardCardReader(classifier);
        }
        var (kind, rest) = Split(spec);
        if (kind == "serial" && SerialReaderOptions.TryParse(rest, out var serial, out _))
        {
            return new SerialCardReader(serial, new SerialLineReader(classifier, serial.IdleGap), loggers.CreateLogger<SerialCardReader>());
        }
        return kind == "pn532"
            ? new Pn532CardReader(new Pn532ReaderOptions(rest) { ReadNdef = readNdef }, loggers.CreateLogger<Pn532CardReader>())
            : new PcscCardReader(rest.Length == 0 ? null : rest, loggers.CreateLogger<PcscCardReader>());
    }

    private static (string Kind, string Argument) Split(string spec)
    {
        var colon = spec.IndexOf(':');
        return colon < 0 ? (spec, "") : (spec[..colon], spec[(colon + 1)..]);
    }
}
