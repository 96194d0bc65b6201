using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// Seeds a program, three customers with cards and a few purchases, so a newcomer sees something at
/// once. Runs after the silo has started; every step is idempotent, so a restart with --demo adds nothing.
/// </summary>
public sealed partial class DemoData(IGrainFactory grains, TimeProvider clock, ILogger<DemoData> logger) : IHostedService
{
    private static readonly (string Id, string Name, string Card, decimal[] Purchases)[] Customers =
    [
        ("demo-ada", "Ada Lovelace", "nfc:04A1B2C3D4E5F6", [42.50m, 18.90m, 73.10m]),
        ("demo-grace", "Grace Hopper", "mag:6001234567890", [120.00m]),
        ("demo-alan", "Alan Turing", "bar:4006381333931", []),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var program = grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId);
        if ((await program.GetAsync()).Version == 0)
        {
            await program.UpdateAsync(ProgramSettings.Default with
            {
                CategoryMultipliers = new Dictionary<string, decimal> { ["coffee"] = 2m, ["fresh"] = 1.5m },
                // Corrections of more than 1,000 points wait for a second operator (back office: Approvals).
                AdjustmentApprovalThreshold = 1000,
            }, "demo");
        }

        var now = clock.GetUtcNow();
        foreach (var (id, name, card, purchases) in Customers)
        {
            await grains.GetGrain<ICustomerTillGrain>(id).EnrollAsync(new CustomerProfile(name, MarketingConsent: true));
            var cardGrain = grains.GetGrain<ILoyaltyCardGrain>(card);
            await cardGrain.LinkAsync(id);
            for (var i = 0; i < purchases.Length; i++)
            {
                await cardGrain.EarnAsync(new Purchase("demo-store", "till-1", $"{id}-{i + 1}", now.AddDays(i - purchases.Length), purchases[i]));
            }
            LogSeeded(logger, id, card);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo customer {CustomerId} with card {CardId}")]
    private static partial void LogSeeded(ILogger logger, string customerId, string cardId);
}
