using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>A <see cref="LoyaltyDesk"/> wired like Program.cs does, on a grain access of the test's choosing and an outbox in a temp folder.</summary>
public static class Desks
{
    /// <param name="tillClock">The till's clock (default: the system's): a test moves it to play a till whose clock is wrong.</param>
    public static (LoyaltyDesk Desk, PurchaseOutbox Outbox, OutboxReplayer Replayer) Create(IGrainAccess silo, string? outboxPath = null, string store = "store-1",
        TimeProvider? tillClock = null, OutboxRetryPolicy? retry = null, string terminal = "till-1", ILoggerFactory? loggers = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var clock = tillClock ?? TimeProvider.System;
        var outbox = new PurchaseOutbox(outboxPath ?? NewOutboxPath());
        var replayer = new OutboxReplayer(outbox, silo, loggers.CreateLogger<OutboxReplayer>(), clock, retry);
        var desk = new LoyaltyDesk(silo, outbox, replayer, new TerminalIdentity(store, terminal), clock, loggers.CreateLogger<LoyaltyDesk>());
        return (desk, outbox, replayer);
    }

    /// <summary>The dead-letter reporter Program.cs runs next to the desk's replayer.</summary>
    public static DeadLetterReporter Reporter(IGrainAccess silo, LoyaltyDesk desk, PurchaseOutbox outbox, TimeProvider? tillClock = null) =>
        new(outbox, silo, desk.Terminal, NullLogger<DeadLetterReporter>.Instance, tillClock);

    public static string NewOutboxPath() => Path.Combine(Directory.CreateTempSubdirectory("retention-outbox-").FullName, "outbox.db");
}
