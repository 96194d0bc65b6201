using RetentionActors.Bench.Load;
using RetentionActors.Bench.Reporting;

namespace RetentionActors.Bench;

/// <summary>What every scenario shares in one run: options, the report, the load generator and a scratch folder.</summary>
public sealed class BenchContext(BenchOptions options, Report report, CpuMeter cpu, string scratch)
{
    public BenchOptions Options { get; } = options;
    public Report Report { get; } = report;
    public CpuMeter Cpu { get; } = cpu;
    public LoadRunner Runner { get; } = new(cpu);
    public Zipf Zipf { get; } = new(options.Customers, options.ZipfExponent);

    /// <summary>A folder for this run's SQLite files, removed at the end.</summary>
    public string Scratch { get; } = scratch;

    /// <summary>A prefix that makes this run's receipt ids unique even on a reused database.</summary>
    public string RunTag { get; } = $"r{DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 100_000_000}";

    public string CpuNote => Cpu.IncludesDatabase ? "" : $"CPU: {Cpu.Counts} only";
}
