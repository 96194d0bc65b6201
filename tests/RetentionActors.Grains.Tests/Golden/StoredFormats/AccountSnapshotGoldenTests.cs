using System.Runtime.CompilerServices;
using System.Text.Json;
using RetentionActors.Domain.Ledger;
using RetentionActors.Storage.Sql.Snapshots;

namespace RetentionActors.Grains.Tests.Golden.StoredFormats;

/// <summary>
/// Account snapshots as stored (<c>account_snapshots.snapshot</c>), one file per format in <c>AccountSnapshots/</c>, written
/// once from <see cref="Sample"/> by the code of their day and never edited: every format this build reads must give back
/// the sample whole, and today's writer must write the newest. Run once with <c>WRITE_ACCOUNT_SNAPSHOT_FORMAT=1</c> to
/// write today's format's file, when a new format is added.
/// </summary>
public sealed class AccountSnapshotGoldenTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 9, 30, 15, TimeSpan.Zero);

    /// <summary>Every field set to something other than its default.</summary>
    internal static readonly AccountSnapshot Sample = new(LastSeq: 517, Balance: 1_480, Debt: 25, LifetimeSpend: 12_345.67m, VisitCount: 501,
        FirstPurchaseAt: At.AddYears(-3), LastPurchaseAt: At,
        Lots: [new Lot(12, At.AddYears(-2), 40, 15, FromPurchase: true), new Lot(516, At.AddMinutes(-5), 100, 100)],
        PurchaseTimes: [new CardPurchaseTimes("nfc:04A1B2C3D4E5F6", [At.AddMinutes(-40), At])],
        EarnedByDay: [new DayPoints(new DateOnly(2026, 12, 3), 70), new DayPoints(new DateOnly(2026, 12, 4), 140)],
        OfflineRedeemed: [new OfflineTillPoints("s1/t2/nfc:04A1B2C3D4E5F6/2026-12-04", 300)],
        Spend: [new SpendPoint(At.AddMonths(-24), 9_000.5m), new SpendPoint(At, -12.25m)],
        Receipts: new ReceiptBookSnapshot(
            [new PurchaseRecord(516, At, 42.5m, 42, 10m, 5, "nfc:04A1B2C3D4E5F6")
            {
                StoreId = "s1", TerminalId = "t2", BusinessDay = new DateOnly(2026, 12, 4), ReceiptId = "88",
                CampaignBonuses = [new EarnedBonus("double points", 42, 517)],
            }],
            [new ReceiptPoints("s1/t2/2026-12-04/87", 300)],
            [new ReceiptAmount("s1/t3/2026-12-04/12", 10m)],
            ["s1/t2/2026-12-04/87", "s1/t2/2026-12-04/88", "s1/t3/2026-12-04/12"],
            HasForgotten: true));

    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Golden", "StoredFormats", "AccountSnapshots");

    public static TheoryData<int> Formats() => [StoredAccountSnapshot.JsonFormat, StoredAccountSnapshot.CompressedJsonFormat];

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_stored_snapshot_of_every_format_reads_back_whole(int format)
    {
        Assert.True(StoredAccountSnapshot.Reads(format));
        var read = StoredAccountSnapshot.Deserialize(format, File.ReadAllText(PathOf(format))).ToDomain();
        Assert.Equal(Json(Sample), Json(read));
    }

    [Fact]
    public void Todays_code_writes_the_newest_format()
    {
        var today = StoredAccountSnapshot.From(Sample).Serialize();
        if (Environment.GetEnvironmentVariable("WRITE_ACCOUNT_SNAPSHOT_FORMAT") is { Length: > 0 })
        {
            File.WriteAllText(Path.Combine(SourceFolder(), "AccountSnapshots", $"format-{StoredAccountSnapshot.Format}.txt"), today);
            Assert.Fail("Wrote today's format's file: check it, commit it, and run again without WRITE_ACCOUNT_SNAPSHOT_FORMAT.");
        }
        Assert.Equal(StoredAccountSnapshot.CompressedJsonFormat, StoredAccountSnapshot.Format);
        // The compressed bytes may differ between Brotli builds: what they hold must not.
        Assert.Equal(StoredAccountSnapshot.Deserialize(StoredAccountSnapshot.Format, File.ReadAllText(PathOf(StoredAccountSnapshot.Format))).SerializeAsJson(),
            StoredAccountSnapshot.Deserialize(StoredAccountSnapshot.Format, today).SerializeAsJson());
    }

    [Fact]
    public void The_compressed_format_is_a_fraction_of_the_json_for_an_old_customer()
    {
        // 500 open lots, as an old customer without expiry has: what made a cold activation's snapshot read slow.
        var old = Sample with { Lots = [.. Enumerable.Range(1, 500).Select(i => new Lot(i, At.AddDays(-i), 10 + i % 7, 10 + i % 7, FromPurchase: true))] };
        var stored = StoredAccountSnapshot.From(old);
        Assert.InRange(stored.Serialize().Length, 1, stored.SerializeAsJson().Length / 4);
        Assert.Equal(Json(old), Json(StoredAccountSnapshot.Deserialize(StoredAccountSnapshot.Format, stored.Serialize()).ToDomain()));
    }

    [Fact]
    public void A_snapshot_that_compresses_more_than_its_first_buffer_allows_still_reads_back()
    {
        // Identical lots compress far beyond the sixteen-fold the first decode buffer assumes: the decode tries again, larger.
        var repetitive = Sample with { Lots = [.. Enumerable.Range(1, 5000).Select(_ => new Lot(1, At, 10, 10, FromPurchase: true))] };
        var stored = StoredAccountSnapshot.From(repetitive).Serialize();
        Assert.True(StoredAccountSnapshot.From(repetitive).SerializeAsJson().Length > 16 * Convert.FromBase64String(stored).Length);

        Assert.Equal(Json(repetitive), Json(StoredAccountSnapshot.Deserialize(StoredAccountSnapshot.Format, stored).ToDomain()));
    }

    [Fact]
    public void A_damaged_compressed_snapshot_is_refused_not_read()
    {
        var damaged = Convert.ToBase64String([.. Enumerable.Repeat((byte)0xFF, 64)]);

        Assert.Throws<InvalidDataException>(() => StoredAccountSnapshot.Deserialize(StoredAccountSnapshot.CompressedJsonFormat, damaged));
    }

    private static string Json(AccountSnapshot snapshot) => JsonSerializer.Serialize(snapshot);

    private static string PathOf(int format) => Path.Combine(Root, $"format-{format}.txt");

    private static string SourceFolder([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
