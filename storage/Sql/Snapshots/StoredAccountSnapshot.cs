using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using RetentionActors.Domain.Ledger;

namespace RetentionActors.Storage.Sql.Snapshots;

/// <summary>
/// The stored format of an account snapshot (the <c>account_snapshots.snapshot</c> column), version <see cref="Format"/>.
/// Kept apart from the Domain's <see cref="AccountSnapshot"/> and mapped field by field, so renaming a Domain member
/// cannot silently change what is on disk; a change of meaning gets a new format number, and a row of a format this build
/// does not know is ignored (the customer is replayed from the ledger, as before snapshots).
/// </summary>
/// <remarks>
/// Format 1 is the JSON itself. Format 2 (written today) is the same JSON, Brotli-compressed and in base64: an old
/// customer's snapshot holds every open lot, about 90 KB of JSON for 500 purchases, and PostgreSQL sends a text column
/// uncompressed, so reading it was the largest part of a cold activation (about 4 ms of the load, against 0.5 ms for the
/// server to read it); compressed it is about a tenth of that. Both are read.
/// </remarks>
internal sealed record StoredAccountSnapshot
{
    /// <summary>The format written: <see cref="CompressedJsonFormat"/>.</summary>
    public const int Format = CompressedJsonFormat;

    /// <summary>The JSON as text (written until format 2; still read).</summary>
    public const int JsonFormat = 1;

    /// <summary>The JSON, Brotli-compressed, in base64.</summary>
    public const int CompressedJsonFormat = 2;

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [JsonPropertyName("seq")] public long LastSeq { get; init; }
    [JsonPropertyName("balance")] public long Balance { get; init; }
    [JsonPropertyName("debt")] public long Debt { get; init; }
    [JsonPropertyName("lifetimeSpend")] public decimal LifetimeSpend { get; init; }
    [JsonPropertyName("visits")] public int VisitCount { get; init; }
    [JsonPropertyName("firstPurchase")] public DateTimeOffset? FirstPurchaseAt { get; init; }
    [JsonPropertyName("lastPurchase")] public DateTimeOffset? LastPurchaseAt { get; init; }
    [JsonPropertyName("lots")] public List<StoredLot> Lots { get; init; } = [];
    [JsonPropertyName("cardTimes")] public Dictionary<string, List<DateTimeOffset>> PurchaseTimes { get; init; } = [];
    [JsonPropertyName("earnedByDay")] public Dictionary<string, long> EarnedByDay { get; init; } = [];
    [JsonPropertyName("offlineRedeemed")] public Dictionary<string, long> OfflineRedeemed { get; init; } = [];
    [JsonPropertyName("spend")] public List<StoredSpend> Spend { get; init; } = [];
    [JsonPropertyName("purchases")] public List<StoredPurchase> Purchases { get; init; } = [];
    [JsonPropertyName("redeemed")] public Dictionary<string, long> Redeemed { get; init; } = [];
    [JsonPropertyName("refundedByReturn")] public Dictionary<string, decimal> RefundedByReturn { get; init; } = [];
    [JsonPropertyName("receiptOrder")] public List<string> ReceiptOrder { get; init; } = [];
    [JsonPropertyName("forgotten")] public bool HasForgotten { get; init; }

    /// <summary>The column's text in <see cref="Format"/>.</summary>
    public string Serialize() => Convert.ToBase64String(Compress(JsonSerializer.SerializeToUtf8Bytes(this, Json)));

    /// <summary>The column's text in <see cref="JsonFormat"/>: what builds before format 2 wrote.</summary>
    public string SerializeAsJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The formats this build reads.</summary>
    public static readonly IReadOnlyList<int> ReadFormats = [JsonFormat, CompressedJsonFormat];

    /// <summary>Whether this build reads rows of <paramref name="format"/>.</summary>
    public static bool Reads(int format) => ReadFormats.Contains(format);

    /// <summary>The snapshot a row of <paramref name="format"/> (one this build <see cref="Reads"/>) holds.</summary>
    public static StoredAccountSnapshot Deserialize(int format, string text) => format switch
    {
        JsonFormat => FromJson(System.Text.Encoding.UTF8.GetBytes(text)),
        CompressedJsonFormat => FromCompressed(Convert.FromBase64String(text)),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not an account snapshot format this build reads."),
    };

    private static StoredAccountSnapshot FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<StoredAccountSnapshot>(json, Json) ?? throw new InvalidOperationException("An account snapshot row is empty.");

    // Decoded in one call into a pooled buffer, read from there: through a stream and a copy it cost about 0.3 ms more
    // per cold activation of an old customer. The JSON is about ten times the compressed size; a larger one takes a retry.
    private static StoredAccountSnapshot FromCompressed(byte[] compressed)
    {
        for (var size = Math.Max(compressed.Length * 16, 4096); ; size *= 4)
        {
            if (size > MaxJsonBytes)
            {
                throw new InvalidDataException("An account snapshot row does not decompress.");
            }
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                if (BrotliDecoder.TryDecompress(compressed, buffer, out var written))
                {
                    return FromJson(buffer.AsSpan(0, written));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    // Far above any snapshot (500 open lots are about 75 KB): past it a row is damaged, not large.
    private const int MaxJsonBytes = 64 * 1024 * 1024;

    // Quality 1 (fastest): the snapshot is written on the commit path (SnapshotSchedule says how often); the JSON repeats
    // itself (lot after lot), so even the fastest setting leaves about a tenth.
    private static byte[] Compress(byte[] json)
    {
        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(json.Length)];
        if (!BrotliEncoder.TryCompress(json, compressed, out var written, quality: 1, window: 22))
        {
            throw new InvalidOperationException("An account snapshot did not compress.");
        }
        return compressed[..written];
    }

    public static StoredAccountSnapshot From(AccountSnapshot s) => new()
    {
        LastSeq = s.LastSeq,
        Balance = s.Balance,
        Debt = s.Debt,
        LifetimeSpend = s.LifetimeSpend,
        VisitCount = s.VisitCount,
        FirstPurchaseAt = s.FirstPurchaseAt,
        LastPurchaseAt = s.LastPurchaseAt,
        Lots = [.. s.Lots.Select(l => new StoredLot(l.Seq, l.EarnedAt, l.Points, l.Remaining, l.FromPurchase))],
        PurchaseTimes = s.PurchaseTimes.ToDictionary(c => c.CardId, c => c.Times.ToList()),
        EarnedByDay = s.EarnedByDay.ToDictionary(d => EntryKeys.Day(d.Day), d => d.Points),
        OfflineRedeemed = s.OfflineRedeemed.ToDictionary(t => t.Till, t => t.Points),
        Spend = [.. s.Spend.Select(p => new StoredSpend(p.At, p.Amount))],
        Purchases = [.. s.Receipts.Purchases.Select(StoredPurchase.From)],
        Redeemed = s.Receipts.Redeemed.ToDictionary(r => r.ReceiptKey, r => r.Points),
        RefundedByReturn = s.Receipts.RefundedByReturn.ToDictionary(r => r.ReceiptKey, r => r.Amount),
        ReceiptOrder = [.. s.Receipts.Order],
        HasForgotten = s.Receipts.HasForgotten,
    };

    public AccountSnapshot ToDomain() => new(LastSeq, Balance, Debt, LifetimeSpend, VisitCount, FirstPurchaseAt, LastPurchaseAt,
        [.. Lots.Select(l => new Lot(l.Seq, l.EarnedAt, l.Points, l.Remaining, l.FromPurchase))],
        [.. PurchaseTimes.Select(c => new CardPurchaseTimes(c.Key, c.Value))],
        [.. EarnedByDay.Select(d => new DayPoints(DateOnly.ParseExact(d.Key, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Value))],
        [.. OfflineRedeemed.Select(t => new OfflineTillPoints(t.Key, t.Value))],
        [.. Spend.Select(p => new SpendPoint(p.At, p.Amount))],
        new ReceiptBookSnapshot(
            [.. Purchases.Select(p => p.ToDomain())],
            [.. Redeemed.Select(r => new ReceiptPoints(r.Key, r.Value))],
            [.. RefundedByReturn.Select(r => new ReceiptAmount(r.Key, r.Value))],
            ReceiptOrder,
            HasForgotten));
}

internal sealed record StoredLot(long Seq, DateTimeOffset EarnedAt, long Points, long Remaining, bool FromPurchase);

internal sealed record StoredSpend(DateTimeOffset At, decimal Amount);

internal sealed record StoredBonus(string Reason, long Points, long Seq);

internal sealed record StoredPurchase(long Seq, DateTimeOffset OccurredAt, decimal Amount, long PointsEarned, decimal Refunded, long RedemptionReturned,
    string? CardId, string StoreId, string TerminalId, string BusinessDay, string ReceiptId, List<StoredBonus> CampaignBonuses)
{
    public static StoredPurchase From(PurchaseRecord p) => new(p.Seq, p.OccurredAt, p.Amount, p.PointsEarned, p.Refunded, p.RedemptionReturned,
        p.CardId, p.StoreId, p.TerminalId, EntryKeys.Day(p.BusinessDay), p.ReceiptId, [.. p.CampaignBonuses.Select(b => new StoredBonus(b.Reason, b.Points, b.Seq))]);

    public PurchaseRecord ToDomain() => new(Seq, OccurredAt, Amount, PointsEarned, Refunded, RedemptionReturned, CardId)
    {
        StoreId = StoreId,
        TerminalId = TerminalId,
        BusinessDay = DateOnly.ParseExact(BusinessDay, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ReceiptId = ReceiptId,
        CampaignBonuses = [.. CampaignBonuses.Select(b => new EarnedBonus(b.Reason, b.Points, b.Seq))],
    };
}
