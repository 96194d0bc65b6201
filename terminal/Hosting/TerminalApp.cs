using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Tls;

namespace RetentionActors.Terminal.Hosting;

/// <summary>Starts the terminal's host and runs the look-up or the till; the exit code says how it went.</summary>
public static class TerminalApp
{
    /// <summary>Given options the terminal cannot start with (the message says which and what to do).</summary>
    public const int BadOptions = 2;

    public static async Task<int> RunTerminalAsync(this IHost host)
    {
        if (await StartAsync(host) is not { } started)
        {
            return BadOptions;
        }
        var (options, address) = started;
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var exitCode = options.LookUp.Count > 0
            ? await CardLookUp.RunAsync(options.LookUp, address.Gateways, options.Timeout, host.Services.GetRequiredService<ILoggerFactory>(), Console.Out, address.ConfigureClient)
            : await host.Services.GetRequiredService<TillSession>().RunAsync(stopping);
        await host.StopAsync(CancellationToken.None);
        return exitCode;
    }

    /// <summary>Validates the options and opens what they name, or says on standard error what is wrong and gives null.</summary>
    private static async Task<(TerminalOptions, ClusterAddress)?> StartAsync(IHost host)
    {
        try
        {
            await host.StartAsync();
            var options = host.Services.GetRequiredService<IOptions<TerminalOptions>>().Value;
            var credential = host.Services.GetRequiredService<FoundCredential>().Credential;
            if (credential is null)
            {
                await Console.Error.WriteLineAsync("No terminal credential: the silo refuses every call without one. Start the terminal with --credential FILE "
                    + $"(issued in the back office under Terminals), set {TerminalCredential.Variable}, or run an embedded silo on this machine ({options.LocalCredentialPath}).");
            }
            return (options, host.Services.GetRequiredService<ClusterAddress>());
        }
        catch (OptionsValidationException refused)
        {
            foreach (var failure in refused.Failures)
            {
                await Console.Error.WriteLineAsync(failure);
            }
        }
        catch (Exception e) when (e is FormatException or SocketException or IOException or TlsFileException)
        {
            await Console.Error.WriteLineAsync(e.Message);
        }
        return null;
    }
}
