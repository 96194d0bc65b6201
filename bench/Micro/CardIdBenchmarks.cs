using BenchmarkDotNet.Attributes;
using RetentionActors.Contracts.Cards;

namespace RetentionActors.Bench.Micro;

/// <summary>Card-id parsing: every tap and swipe goes through it before a grain is addressed.</summary>
[MemoryDiagnoser]
public class CardIdBenchmarks
{
    [Benchmark(Baseline = true)]
    public bool Nfc() => CardId.TryParse("nfc:04a1b2c3d4e5f6", out _, out _);

    [Benchmark]
    public bool Magstripe() => CardId.TryParse("mag:6001234567890", out _, out _);

    [Benchmark]
    public bool Malformed() => CardId.TryParse("nfc:04A1B2ZZ", out _, out _);
}
