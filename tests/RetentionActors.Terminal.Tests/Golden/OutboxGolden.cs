using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Terminal.Tests.Golden;

/// <summary>
/// What the golden outbox file in this folder holds, as <see cref="OutboxGoldenWriter"/> queued it. The
/// first sale is Ann's first sale of the silo's golden database (tests/RetentionActors.Grains.Tests/Golden):
/// booked by the silo, but the till never heard the answer, so it is still queued.
/// </summary>
public static class OutboxGolden
{
    public const string File = "outbox-golden.db";
    public const string AnnCard = "mag:6012345678901";

    public static readonly DateTimeOffset QueuedAt = new(2026, 11, 20, 0, 50, 0, TimeSpan.FromHours(1));

    /// <summary>Queued first and answered at once: gone from the outbox, but its sequence number was used.</summary>
    public static readonly Purchase Answered = new("store-1", "till-1", "0", new DateTimeOffset(2026, 11, 19, 17, 0, 0, TimeSpan.FromHours(1)), 5m);

    /// <summary>Already booked by the silo (the golden database's Ann's first sale).</summary>
    public static readonly Purchase AlreadyBooked = new("store-1", "till-1", "1", new DateTimeOffset(2026, 11, 19, 18, 0, 0, TimeSpan.FromHours(1)), 50m,
        [new PurchaseLine("latte", "coffee", 2, 10m)]);

    /// <summary>Never reached the silo; rung up at 00:45 local time, so its business day (the 20th) is not its UTC date.</summary>
    public static readonly Purchase NeverSent = new("store-1", "till-1", "3", new DateTimeOffset(2026, 11, 20, 0, 45, 0, TimeSpan.FromHours(1)), 12m);
}
