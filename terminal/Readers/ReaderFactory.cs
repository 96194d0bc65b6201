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

    public static ICardReader Create(string spec, CardDataClassifier classifier, ILoggerFactory loggers, bool readNdef = false)
    {
        if (IsKeyboard(spec))
        {
            return new KeyboardCardReader(classifier);
        }
        var colon = spec.IndexOf(':');
        var (kind, rest) = colon < 0 ? (spec, "") : (spec[..colon], spec[(colon + 1)..]);
        switch (kind)
        {
            case "serial":
                if (!SerialReaderOptions.TryParse(rest, out var serial, out var error))
                {
                    throw new FormatException(error);
                }
                return new SerialCardReader(serial, new SerialLineReader(classifier, serial.IdleGap), loggers.CreateLogger<SerialCardReader>());
            case "pn532" when rest.Length > 0:
                return new Pn532CardReader(new Pn532ReaderOptions(rest) { ReadNdef = readNdef }, loggers.CreateLogger<Pn532CardReader>());
            case "pcsc":
                return new PcscCardReader(rest.Length == 0 ? null : rest, loggers.CreateLogger<PcscCardReader>());
            default:
                throw new FormatException($"--reader {spec}: use keyboard, serial:<port>[@baud], pn532:<port> or pcsc[:<reader name>].");
        }
    }
}
