using RetentionActors.Contracts.Runtime;

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// The silo's runtime page, which operators watch over a long day and the benchmarks read: every figure is the process's
/// own, so a running silo has used memory, CPU and compiling time, and none of the running totals goes backwards.
/// </summary>
public sealed class RuntimeApiTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task The_runtime_page_answers_memory_cpu_and_compiling_and_its_totals_only_grow()
    {
        using var analyst = silo.Analyst();
        var first = await BackOfficeSilo.ReadAsync<RuntimeMemory>(await analyst.GetAsync("/api/runtime/memory", Ct));
        using var between = await analyst.GetAsync("/api/glance", Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, between.StatusCode);
        var second = await BackOfficeSilo.ReadAsync<RuntimeMemory>(await analyst.GetAsync("/api/runtime/memory", Ct));

        Assert.True(first.ResidentBytes > 0 && first.CommittedBytes > 0, $"{first}");
        Assert.True(first.ProcessorMilliseconds > 0, $"{first}");
        // A silo that has served anything has compiled code; a page that left the figure out would read 0 here.
        Assert.True(first.JitCompilationMilliseconds > 0, $"{first}");
        Assert.True(second.AllocatedBytes >= first.AllocatedBytes, $"{first} then {second}");
        Assert.True(second.ProcessorMilliseconds >= first.ProcessorMilliseconds, $"{first} then {second}");
        Assert.True(second.JitCompilationMilliseconds >= first.JitCompilationMilliseconds, $"{first} then {second}");
    }
}
