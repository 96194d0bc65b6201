using Microsoft.Extensions.Logging.Abstractions;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>A <see cref="LoyaltyDesk"/> wired like Program.cs does, on a grain access of the test's choosing and an outbox in a temp folder.</summary>
public static class Desks
{
    public static (LoyaltyDesk Desk, PurchaseOutbox Outbox, OutboxReplayer Replayer) Create(IGrainAccess silo, string? outboxPath = null, string store = "store-1")
    {
        var outbox = new PurchaseOutbox(outboxPath ?? NewOutboxPath());
        var replayer = new OutboxReplayer(outbox, silo, NullLogger<OutboxReplayer>.Instance);
        var desk = new LoyaltyDesk(silo, outbox, replayer, new TerminalIdentity(store, "till-1"), TimeProvider.System, NullLogger<LoyaltyDesk>.Instance);
        return (desk, outbox, replayer);
    }

    public static string NewOutboxPath() => Path.Combine(Directory.CreateTempSubdirectory("retention-outbox-").FullName, "outbox.db");
}
