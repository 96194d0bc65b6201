using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Security;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal;

/// <summary><c>terminal &lt;card id&gt;…</c>: prints who each card belongs to and how many points they have, then exits.</summary>
public static class CardLookUp
{
    public static async Task<int> RunAsync(IReadOnlyList<string> cards, IReadOnlyList<System.Net.IPEndPoint> gateways, TimeSpan timeout, ILoggerFactory loggers,
        TextWriter output, Action<IClientBuilder>? configureClient = null)
    {
        await using var silo = new SiloConnection(gateways, timeout, loggers, configureClient);
        using var stop = new CancellationTokenSource();
        var connecting = silo.RunAsync(stop.Token);
        await silo.FirstAttempt.WaitAsync(timeout * 3);
        if (!silo.IsConnected)
        {
            await Console.Error.WriteLineAsync($"No silo answers at {string.Join(", ", gateways)}.");
            await stop.CancelAsync();
            return 1;
        }
        var exitCode = 0;
        foreach (var cardId in cards)
        {
            try
            {
                var identity = await silo.Grains.GetGrain<ILoyaltyCardGrain>(cardId).IdentifyAsync();
                await output.WriteLineAsync(identity.Customer is { } customer
                    ? $"{cardId}: {customer.Profile.DisplayName}, {customer.Balance} points, {customer.VisitCount} visits"
                    : $"{cardId}: declined — {identity.Declined!.Message}");
            }
            catch (CallRefusedException refused)
            {
                await Console.Error.WriteLineAsync($"The silo refused this terminal: {refused.Message}");
                exitCode = 3;
                break;
            }
        }
        await stop.CancelAsync();
        try
        {
            await connecting;
        }
        catch (OperationCanceledException)
        {
        }
        return exitCode;
    }
}
