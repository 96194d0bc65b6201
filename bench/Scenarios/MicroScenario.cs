using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using RetentionActors.Bench.Micro;
using RetentionActors.Bench.Reporting;

namespace RetentionActors.Bench.Scenarios;

/// <summary>
/// Scenario 7: BenchmarkDotNet on the hot domain code, in process (no second build on a shared 2-core
/// machine) with the short-run job. Each benchmark becomes a row: mean ns as latency, allocations in the note.
/// </summary>
public static class MicroScenario
{
    public const string Name = "micro";

    public static void Run(BenchContext context)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithArtifactsPath(Path.Combine(context.Options.Output, "micro"))
            .WithOptions(ConfigOptions.DisableLogFile);
        Type[] all = [typeof(EarningRulesBenchmarks), typeof(PointsAccountBenchmarks), typeof(CardIdBenchmarks), typeof(Pn532Benchmarks), typeof(CardDataBenchmarks)];
        var chosen = context.Options.MicroClasses;
        foreach (var type in all.Where(t => chosen.Length == 0 || chosen.Any(c => t.Name.StartsWith(c, StringComparison.OrdinalIgnoreCase))))
        {
            var summary = BenchmarkRunner.Run(type, config);
            foreach (var report in summary.Reports)
            {
                var parameters = report.BenchmarkCase.Parameters.DisplayInfo;
                var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name + (parameters.Length > 0 ? $" {parameters}" : "");
                var meanNs = report.ResultStatistics?.Mean ?? double.NaN;
                if (double.IsNaN(meanNs))
                {
                    // A benchmark whose setup or body threw has no statistics: a failure, not a missing row.
                    context.Report.Add(new Check(Name, $"{type.Name}.{name}", "benchmark produced a result", "yes", "no"));
                }
                var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                context.Report.Add(new Figure(Name, $"{type.Name.Replace("Benchmarks", "", StringComparison.Ordinal)}.{name}", 1, 0,
                    meanNs > 0 ? 1e9 / meanNs : double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0,
                    FormattableString.Invariant($"mean {meanNs:N1} ns, {allocated ?? 0} B allocated/op")));
            }
        }
    }
}
