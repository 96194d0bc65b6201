using Microsoft.Extensions.Time.Testing;
using RetentionActors.Contracts;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Security;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Outbox;

/// <summary>
/// Every way the silo can refuse or fail a queued sale, one at a time: the sale is never deleted. A refusal keeps it as a
/// dead letter with its reason; the silo or its database away, or the credential refused, keep everything waiting in order.
/// </summary>
public sealed class NothingRefusedIsDeletedTests
{
    private static readonly CardId Ann = CardId.Parse("mag:6012345678901");
    private static readonly CardId Bob = CardId.Parse("mag:6012345678902");

    public static TheoryData<string, string> Refusals => new()
    {
        { "unknownCard", "declined" },
        { "cardBlocked", "declined" },
        { "amountAboveMaximum", "declined" },
        { "tillClockSkew", "declined" },
        { "invalid", "invalid request" },
    };

    private static AccrualResult Refuse(string kind) => kind switch
    {
        "invalid" => throw new InvalidRequestException("OccurredAt 1999-01-01 is not a plausible till time.", "OccurredAt"),
        "tillClockSkew" => new AccrualResult(0, 0, [], new Decline(DeclineReason.TillClockSkew, "the till's clock is 2 days 0 h ahead of the cluster") { ClockSkew = TimeSpan.FromDays(2) }),
        _ => AccrualResult.Decline(Enum.Parse<DeclineReason>(kind, ignoreCase: true), $"refused: {kind}"),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_purchase_is_declined_at_once_and_kept_as_a_dead_letter_with_its_reason(string reason, string _)
    {
        var silo = new ScriptedSilo { Earn = (card, sale) => sale.ReceiptId == "r-1" ? Refuse(reason) : new AccrualResult(5, 5, []) };
        var (desk, outbox, replayer) = Desks.Create(silo);
        var changes = new List<int>();
        replayer.DeadLettersChanged = changes.Add;

        var refused = await desk.PurchaseAsync(Ann, "r-1", 10m, null, TestContext.Current.CancellationToken);
        var next = await desk.PurchaseAsync(Ann, "r-2", 5m, null, TestContext.Current.CancellationToken);

        Assert.Equal((AnswerEvents.Declined, reason, "r-1"), (refused.Event, refused.Line().Reason, refused.Line().ReceiptId));
        Assert.Contains(OutboxReplayer.KeptAsDeadLetter, refused.Line().Message, StringComparison.Ordinal);
        Assert.Equal(1, refused.DeadLetters);
        Assert.Equal((AnswerEvents.Accrued, 1), (next.Event, next.DeadLetters)); // the same card goes on: a dead letter does not block it
        var kept = Assert.Single(outbox.DeadLetters());
        Assert.Equal(("r-1", reason, 1, Ann.ToString(), 10m), (kept.Purchase.ReceiptId, kept.ReasonCode, kept.Attempts, kept.CardId, kept.Purchase.Amount));
        Assert.Equal(reason == "tillClockSkew" ? TimeSpan.FromDays(2) : null, kept.ClockSkew);
        Assert.Equal(0, outbox.Count());
        Assert.Equal([1], changes);
        Assert.Equal(["r-1", "r-2"], silo.Calls.Select(c => c.Receipt));
    }

    [Fact]
    public async Task A_dead_letter_is_not_sent_again_and_ringing_up_its_receipt_again_says_it_is_kept()
    {
        var silo = new ScriptedSilo { Earn = (_, _) => AccrualResult.Decline(DeclineReason.UnknownCard, "Card is not issued to any customer.") };
        var path = Desks.NewOutboxPath();
        var (desk, _, replayer) = Desks.Create(silo, path);
        await desk.PurchaseAsync(Ann, "r-1", 10m, null, TestContext.Current.CancellationToken);

        var again = await desk.PurchaseAsync(Ann, "r-1", 10m, null, TestContext.Current.CancellationToken);
        await replayer.DrainAsync(null, TestContext.Current.CancellationToken);
        var (_, reopened, _) = Desks.Create(silo, path);

        Assert.Equal((AnswerEvents.Declined, "unknownCard", 1), (again.Event, again.Line().Reason, again.DeadLetters));
        Assert.Contains("already kept at this till as a dead letter", again.Line().Message, StringComparison.Ordinal);
        Assert.Single(silo.Calls);
        Assert.Equal("r-1", Assert.Single(reopened.DeadLetters()).Purchase.ReceiptId);
    }

    public static TheoryData<string> Stoppers => ["silo unreachable", "database unavailable", "credential refused"];

    private static Exception Stopper(string kind) => kind switch
    {
        "silo unreachable" => new SiloUnreachableException(),
        "database unavailable" => new StoreUnavailableException(),
        _ => new CallRefusedException(CallRefusal.Revoked, "The credential was revoked."),
    };

    [Theory]
    [MemberData(nameof(Stoppers))]
    public async Task The_silo_or_its_database_away_or_the_credential_refused_keep_every_sale_waiting_in_order(string kind)
    {
        var failing = true;
        var silo = new ScriptedSilo { Earn = (_, _) => failing ? throw Stopper(kind) : new AccrualResult(1, 1, []) };
        var (desk, outbox, replayer) = Desks.Create(silo);

        var answers = new List<DeskAnswer>();
        foreach (var (card, receipt) in new[] { (Ann, "s-1"), (Bob, "s-2"), (Ann, "s-3") })
        {
            answers.Add(await desk.PurchaseAsync(card, receipt, 10m, null, TestContext.Current.CancellationToken));
        }
        var waitingWhileDown = outbox.Pending().Select(p => p.Purchase.ReceiptId).ToList();
        failing = false;
        await replayer.DrainAsync(null, TestContext.Current.CancellationToken);

        Assert.All(answers, a => Assert.Equal(AnswerEvents.Queued, a.Event));
        Assert.Equal(["s-1", "s-2", "s-3"], waitingWhileDown);
        Assert.Empty(outbox.DeadLetters());
        Assert.Equal(["s-1", "s-1", "s-1", "s-1", "s-2", "s-3"], silo.Calls.Select(c => c.Receipt)); // each drain stopped at the head
        Assert.Equal(0, outbox.Count());
        Assert.Equal(["s-1", "s-2", "s-3"], silo.Booked.Keys.Order());
    }

    [Fact]
    public async Task Every_purchase_is_sent_with_the_tills_clock_at_sending()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var up = false;
        var silo = new ScriptedSilo { Earn = (_, _) => up ? new AccrualResult(1, 1, []) : throw new SiloUnreachableException() };
        var (desk, _, replayer) = Desks.Create(silo, tillClock: clock);

        await desk.PurchaseAsync(Ann, "t-1", 10m, null, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromHours(5));
        up = true;
        await replayer.DrainAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), silo.Received[0].SentAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero), silo.Received[1].SentAt);
        Assert.All(silo.Received, p => Assert.Equal(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), p.OccurredAt));
    }

    /// <summary>
    /// The structural half of "nothing refused is deleted": the terminal deletes outbox rows in one place only,
    /// <see cref="PurchaseOutbox.Delete"/>, which takes the reason (accrued or dismissed), and it is called only where
    /// the silo booked a sale or the back office resolved a dead letter; offline redemptions leave only once booked.
    /// </summary>
    [Fact]
    public void The_terminal_deletes_outbox_entries_in_one_method_that_names_the_reason_and_only_for_accrual_or_dismissal()
    {
        var terminal = Path.Combine(RepositoryRoot(), "terminal");
        var sources = Directory.EnumerateFiles(terminal, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(terminal, f), File.ReadAllText);

        var deletes = sources.Where(s => s.Value.Contains("DELETE FROM", StringComparison.OrdinalIgnoreCase)).Select(s => s.Key).ToList();
        var calls = sources.SelectMany(s => s.Value.Split('\n').Where(l => l.Contains(".Delete(", StringComparison.Ordinal)).Select(l => (s.Key, Line: l.Trim()))).ToList();

        Assert.Equal([Path.Combine("Outbox", "PurchaseOutbox.Offline.cs"), Path.Combine("Outbox", "PurchaseOutbox.cs")], deletes.Order(StringComparer.Ordinal));
        Assert.Equal(1, sources[Path.Combine("Outbox", "PurchaseOutbox.cs")].Split("DELETE FROM").Length - 1);
        // Offline redemptions leave the queue only once the cluster booked them: both deletes of their file are in the one
        // method for that, which the replayer calls only after a booked answer, after the branch that sets refusals aside.
        var offline = sources[Path.Combine("Outbox", "PurchaseOutbox.Offline.cs")];
        var booked = offline[offline.IndexOf("public void OfflineRedemptionBooked(long sequence)", StringComparison.Ordinal)..];
        booked = booked[..booked.IndexOf("\n    }\n", StringComparison.Ordinal)];
        Assert.Equal(2, offline.Split("DELETE FROM").Length - 1);
        Assert.Equal(2, booked.Split("DELETE FROM").Length - 1);
        var replayer = sources[Path.Combine("Outbox", "OutboxReplayer.Offline.cs")];
        Assert.Single(sources, s => s.Value.Contains(".OfflineRedemptionBooked(", StringComparison.Ordinal));
        Assert.True(replayer.IndexOf("outbox.SetAsideOfflineRedemption(", StringComparison.Ordinal) < replayer.IndexOf("outbox.OfflineRedemptionBooked(", StringComparison.Ordinal),
            "a refused offline redemption is set aside before the booked path is reached");
        Assert.Equal(
            [(Path.Combine("Outbox", "DeadLetterReporter.cs"), "outbox.Delete(letter.Sequence, reason);"),
             (Path.Combine("Outbox", "OutboxReplayer.cs"), "outbox.Delete(entry.Sequence, OutboxRemoval.Accrued);")],
            calls.Order());
        Assert.Equal(["Accrued", "Dismissed"], Enum.GetNames<OutboxRemoval>());
        Assert.Contains("resolution.Status == DeadLetterStatus.Booked ? OutboxRemoval.Accrued : OutboxRemoval.Dismissed",
            sources[Path.Combine("Outbox", "DeadLetterReporter.cs")], StringComparison.Ordinal);
        Assert.Contains("if (!resolution.IsResolved)", sources[Path.Combine("Outbox", "DeadLetterReporter.cs")], StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RetentionActors.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException($"No RetentionActors.sln above {AppContext.BaseDirectory}.");
    }
}
