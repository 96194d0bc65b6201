using System.Diagnostics;

namespace RetentionActors.Silo.Tests;

/// <summary>The silo program run for one of its commands (<c>certs</c>, <c>migrate</c>…) as an operator runs it, to its end.</summary>
public static class SiloCommand
{
    public static async Task<SiloExit> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[SiloProcess.SiloDll, .. args])
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return new SiloExit(process.ExitCode, await output, await errors);
    }
}
