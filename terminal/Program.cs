using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using RetentionActors.Contracts.Cards;

// A first terminal: looks up the cards named on the command line through the silo's gateway.
// The cashier and kiosk flows with card readers and an offline outbox build on this.
if (args.Length == 0 || args.Contains("--help"))
{
    Console.WriteLine("usage: terminal [--gateway-port 30000] <card id>...   e.g. nfc:04A1B2C3D4E5F6");
    return args.Length == 0 ? 2 : 0;
}

var gatewayPort = 30000;
var cards = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--gateway-port" && i + 1 < args.Length && int.TryParse(args[++i], out var port))
    {
        gatewayPort = port;
    }
    else if (CardId.TryParse(args[i], out var card, out var error))
    {
        cards.Add(card.ToString());
    }
    else
    {
        Console.Error.WriteLine(error);
        return 2;
    }
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, serviceId: "retention", clusterId: "retention"));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IClusterClient>();

foreach (var cardId in cards)
{
    var identity = await grains.GetGrain<ILoyaltyCardGrain>(cardId).IdentifyAsync();
    Console.WriteLine(identity.Customer is { } customer
        ? $"{cardId}: {customer.Profile.DisplayName}, {customer.Balance} points, {customer.VisitCount} visits"
        : $"{cardId}: declined — {identity.Declined!.Message}");
}
await host.StopAsync();
return 0;
