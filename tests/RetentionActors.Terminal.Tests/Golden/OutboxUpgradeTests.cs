using RetentionActors.Tests.Shared;
using Microsoft.Data.Sqlite;
using Orleans.TestingHost;
using RetentionActors.Contracts.Customers;
using RetentionActors.Grains;
using RetentionActors.Storage.Hosting;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Golden;

/// <summary>An outbox written by a terminal that kept one entry per store + receipt (<see cref="OutboxGolden"/>), opened by this one.</summary>
public sealed class OutboxUpgradeTests
{
    private static string CopyOf(string file)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("retention-golden-").FullName, file);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Golden", file), path);
        return path;
    }

    private static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void An_old_outbox_upgrades_in_place_keeping_its_entries_with_the_day_their_till_time_showed()
    {
        var path = CopyOf(OutboxGolden.File);

        var pending = new PurchaseOutbox(path).Pending();

        Assert.Equal([2L, 3L], pending.Select(p => p.Sequence));
        Assert.Equal(OutboxGolden.AlreadyBooked with { BusinessDay = new DateOnly(2026, 11, 19) }, pending[0].Purchase with { Lines = OutboxGolden.AlreadyBooked.Lines });
        Assert.Equal(OutboxGolden.AlreadyBooked.Lines!, pending[0].Purchase.Lines!);
        Assert.Equal(OutboxGolden.NeverSent with { BusinessDay = new DateOnly(2026, 11, 20) }, pending[1].Purchase); // not the UTC date (19th)
        Assert.All(pending, p => Assert.Equal((OutboxGolden.AnnCard, OutboxGolden.QueuedAt), (p.CardId, p.QueuedAt)));
        Assert.Equal(OutboxSchema.Steps.Length, Scalar(path, "PRAGMA user_version"));
    }

    [Fact]
    public void An_upgraded_outbox_keeps_one_entry_per_receipt_and_never_reuses_a_sequence_number()
    {
        var path = CopyOf(OutboxGolden.File);
        Scalar(path, "DELETE FROM outbox WHERE seq = 3"); // answered by the silo before the upgrade: its number was used

        var outbox = new PurchaseOutbox(path);
        var next = outbox.Enqueue(OutboxGolden.AnnCard, OutboxGolden.NeverSent, OutboxGolden.QueuedAt);
        var again = outbox.Enqueue(OutboxGolden.AnnCard, OutboxGolden.AlreadyBooked, OutboxGolden.QueuedAt);
        var nextDay = outbox.Enqueue(OutboxGolden.AnnCard, OutboxGolden.AlreadyBooked with { OccurredAt = OutboxGolden.AlreadyBooked.OccurredAt.AddDays(1) }, OutboxGolden.QueuedAt);
        var reopened = new PurchaseOutbox(path).Pending();

        Assert.Equal((4L, 2L), (next, again)); // 3 is not given out again
        Assert.True(nextDay > next);
        Assert.Equal([2L, 4L, nextDay], reopened.Select(p => p.Sequence));
        Assert.Equal(["1", "3", "1"], reopened.Select(p => p.Purchase.ReceiptId));
        Assert.Equal(OutboxSchema.Steps.Length, Scalar(path, "PRAGMA user_version"));
    }

    [Fact]
    public void An_upgraded_outbox_keeps_its_purchases_and_can_queue_offline_redemptions()
    {
        var path = CopyOf(OutboxGolden.File);

        var outbox = new PurchaseOutbox(path);

        Assert.Equal(2, outbox.Count());
        Assert.Equal(0, outbox.OfflineRedemptionCount());
        Assert.Null(outbox.Allowance(OutboxGolden.AnnCard));
        Assert.Equal(0, outbox.RedeemedOffline(OutboxGolden.AnnCard, new DateOnly(2026, 11, 20)));
    }

    [Fact]
    public void An_outbox_from_a_newer_terminal_is_refused_with_what_to_do()
    {
        var path = CopyOf(OutboxGolden.File);
        Scalar(path, "PRAGMA user_version = 99");

        var refused = Assert.Throws<InvalidOperationException>(() => new PurchaseOutbox(path));

        Assert.Contains("run a newer terminal", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_upgrade_a_sale_the_silo_had_booked_is_a_replay_and_a_sale_never_sent_earns()
    {
        var dataFolder = Directory.CreateTempSubdirectory("retention-golden-silo-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Golden", "retention-golden.db"), Path.Combine(dataFolder, SqliteStorageExtensions.DatabaseFileName));
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = "retention";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseSqliteStorage(dataFolder);
            silo.Services.AddRetentionGrains();
        });
        InternalClient.Trust(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        try
        {
            var (_, outbox, replayer) = Desks.Create(new FixedGrainAccess(cluster.Client), CopyOf(OutboxGolden.File));
            var answers = new List<AccruedAnswer>();
            replayer.Replayed = replayed => answers.Add(Assert.IsType<AccruedAnswer>(replayed.Sent));

            await replayer.DrainAsync(null, TestContext.Current.CancellationToken);
            var ann = cluster.Client.GetGrain<ICustomerGrain>("golden-ann");

            Assert.Equal(["1", "3"], answers.Select(a => a.ReceiptId));
            Assert.Equal((true, 60L, 70L), (answers[0].Replayed, answers[0].PointsEarned, answers[0].Balance)); // the answer of 20 November
            Assert.Equal((false, 12L, 33L), (answers[1].Replayed, answers[1].PointsEarned, answers[1].Balance));
            Assert.Equal(0, outbox.Count());
            Assert.Equal(9, (await ann.GetLedgerAsync()).Count);
            Assert.Equal("store-1/till-1/2026-11-20/3/purchase", (await ann.GetLedgerAsync())[^1].IdempotencyKey);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
