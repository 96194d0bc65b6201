using BenchmarkDotNet.Attributes;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.CardData;

namespace RetentionActors.Bench.Micro;

/// <summary>
/// CardDataClassifier on one framed line from a magstripe or barcode reader (the line framing itself is not
/// included): ISO 7813 tracks to a member card id, a bank card's track 2 refused (Luhn and expiry checked, own
/// ranges consulted; a track 1 with format code B is refused sooner), a bare EAN-13 barcode.
/// </summary>
[MemoryDiagnoser]
public class CardDataBenchmarks
{
    private const string Track2 = ";6001234567890=2812?";
    private const string BothTracks = "%M6001234567890^MEMBER/ANNA^2812?;6001234567890=2812?";
    private const string BankCard = ";4111111111111111=28121010000000000000?";
    private const string Ean13 = "4006381333931";
    private readonly CardDataClassifier _classifier = new(new OwnCardRanges(["600123"]));

    // Each benchmark must take the path its name says, or its figure means something else.
    [GlobalSetup]
    public void Setup()
    {
        Expect(Track2, "mag:6001234567890");
        Expect(BothTracks, "mag:6001234567890");
        Expect(BankCard, $"refused: {RefusalReasons.BankCard}");
        Expect(Ean13, "bar:4006381333931");
    }

    [Benchmark(Baseline = true)]
    public ReaderEvent Track2Swipe() => _classifier.Classify(Track2);

    [Benchmark]
    public ReaderEvent BothTracksOwnCard() => _classifier.Classify(BothTracks);

    [Benchmark]
    public ReaderEvent BankCardTrack2Refused() => _classifier.Classify(BankCard);

    [Benchmark]
    public ReaderEvent Barcode() => _classifier.Classify(Ean13);

    private void Expect(string line, string expected)
    {
        var read = _classifier.Classify(line);
        var seen = read.Kind == ReaderEventKind.Card ? read.Card.ToString() : $"refused: {read.Reason}";
        if (seen != expected)
        {
            throw new InvalidOperationException($"'{line}' classified as {seen}, not {expected}.");
        }
    }
}
