using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;

namespace RetentionActors.Terminal.Outbox;

// Offline redemption: the allowances the cluster signed for cards at this till, the keys that check them, and the
// redemptions made under them until the cluster books them. A refused one stays (dead_reason set); nothing is deleted
// but what the cluster booked.
public sealed partial class PurchaseOutbox
{
    /// <summary>Keeps the newest allowance of its card (replacing the one before) and the public key that checks it.</summary>
    public void KeepAllowance(OfflineAllowance allowance, byte[] publicKey, DateTimeOffset now)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var keep = connection.CreateCommand();
        keep.Transaction = transaction;
        keep.CommandText = """
            INSERT INTO offline_allowance (card_id, allowance, received_at) VALUES ($card, $allowance, $now)
            ON CONFLICT (card_id) DO UPDATE SET allowance = excluded.allowance, received_at = excluded.received_at;
            INSERT INTO allowance_key (key_id, public_key) VALUES ($key, $public) ON CONFLICT (key_id) DO NOTHING;
            """;
        keep.Parameters.AddWithValue("$card", allowance.CardId);
        keep.Parameters.AddWithValue("$allowance", JsonSerializer.Serialize(allowance));
        keep.Parameters.AddWithValue("$now", Text(now));
        keep.Parameters.AddWithValue("$key", allowance.KeyId);
        keep.Parameters.AddWithValue("$public", publicKey);
        keep.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>The allowance kept for a card, or null when the till has none.</summary>
    public OfflineAllowance? Allowance(string cardId)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT allowance FROM offline_allowance WHERE card_id = $card";
        select.Parameters.AddWithValue("$card", cardId);
        return select.ExecuteScalar() is string json ? JsonSerializer.Deserialize<OfflineAllowance>(json) : null;
    }

    /// <summary>The public key with this id, as the cluster sent it, or null.</summary>
    public byte[]? AllowanceKey(string keyId)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT public_key FROM allowance_key WHERE key_id = $key";
        select.Parameters.AddWithValue("$key", keyId);
        return select.ExecuteScalar() as byte[];
    }

    /// <summary>Points redeemed offline at this till with the card on that business day, booked or not (refused ones too: the customer had them).</summary>
    public long RedeemedOffline(string cardId, DateOnly businessDay)
    {
        using var connection = Open();
        using var sum = connection.CreateCommand();
        sum.CommandText = "SELECT COALESCE(SUM(points), 0) FROM offline_redemption WHERE card_id = $card AND business_day = $day";
        sum.Parameters.AddWithValue("$card", cardId);
        sum.Parameters.AddWithValue("$day", TillDay.Text(businessDay));
        var queued = Convert.ToInt64(sum.ExecuteScalar(), CultureInfo.InvariantCulture);
        using var booked = connection.CreateCommand();
        booked.CommandText = "SELECT COALESCE(SUM(points), 0) FROM offline_redeemed_booked WHERE card_id = $card AND business_day = $day";
        booked.Parameters.AddWithValue("$card", cardId);
        booked.Parameters.AddWithValue("$day", TillDay.Text(businessDay));
        return queued + Convert.ToInt64(booked.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Queues a redemption made offline; the same receipt again keeps the first one and returns its sequence number.</summary>
    public long EnqueueOfflineRedemption(string cardId, OfflineRedemption redemption, DateTimeOffset now)
    {
        using var connection = Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO offline_redemption (card_id, store_id, terminal_id, business_day, receipt_id, occurred_at, points, allowance, queued_at)
            VALUES ($card, $store, $terminal, $day, $receipt, $at, $points, $allowance, $queued)
            ON CONFLICT (store_id, terminal_id, business_day, receipt_id) DO NOTHING;
            SELECT seq FROM offline_redemption WHERE store_id = $store AND terminal_id = $terminal AND business_day = $day AND receipt_id = $receipt;
            """;
        insert.Parameters.AddWithValue("$card", cardId);
        insert.Parameters.AddWithValue("$store", redemption.StoreId);
        insert.Parameters.AddWithValue("$terminal", redemption.TerminalId);
        insert.Parameters.AddWithValue("$day", TillDay.Text(redemption.BusinessDay));
        insert.Parameters.AddWithValue("$receipt", redemption.ReceiptId);
        insert.Parameters.AddWithValue("$at", Text(redemption.OccurredAt));
        insert.Parameters.AddWithValue("$points", redemption.Points);
        insert.Parameters.AddWithValue("$allowance", JsonSerializer.Serialize(redemption.Allowance));
        insert.Parameters.AddWithValue("$queued", Text(now));
        return (long)insert.ExecuteScalar()!;
    }

    /// <summary>
    /// The offline redemption this till keeps for a receipt (store, till, business day, number) — waiting to be booked,
    /// or refused with its reason — or null: a receipt redeems once, so the till does not redeem it again.
    /// </summary>
    public (OfflineRedemption Redemption, string? RefusedReason)? OfflineRedemptionOf(string storeId, string terminalId, DateOnly businessDay, string receiptId)
    {
        // One statement: a drain may book (delete) the row at any moment, and a second read would then find nothing.
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT {RedemptionColumns}, dead_reason FROM offline_redemption WHERE {ReceiptIs}
            """;
        BindReceipt(select, storeId, terminalId, businessDay, receiptId);
        using var reader = select.ExecuteReader();
        return reader.Read() ? (ReadRedemption(reader).Redemption, reader.IsDBNull(9) ? null : reader.GetString(9)) : null;
    }

    /// <summary>The card and points of this receipt's offline redemption the cluster booked, or null (none, or booked over nine days ago).</summary>
    public (string CardId, long Points)? BookedOfflineRedemptionOf(string storeId, string terminalId, DateOnly businessDay, string receiptId)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT card_id, points FROM offline_redeemed_booked WHERE {ReceiptIs}";
        BindReceipt(select, storeId, terminalId, businessDay, receiptId);
        using var reader = select.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetInt64(1)) : null;
    }

    // A receipt's identity, as both offline tables key it.
    private const string ReceiptIs = "store_id = $store AND terminal_id = $terminal AND business_day = $day AND receipt_id = $receipt";

    private static void BindReceipt(SqliteCommand command, string storeId, string terminalId, DateOnly businessDay, string receiptId)
    {
        command.Parameters.AddWithValue("$store", storeId);
        command.Parameters.AddWithValue("$terminal", terminalId);
        command.Parameters.AddWithValue("$day", TillDay.Text(businessDay));
        command.Parameters.AddWithValue("$receipt", receiptId);
    }

    /// <summary>Offline redemptions waiting to be booked, oldest first (refused ones are kept but not sent again).</summary>
    public IReadOnlyList<QueuedOfflineRedemption> PendingOfflineRedemptions() => ReadOfflineRedemptions("dead_reason IS NULL");

    /// <summary>Offline redemptions the cluster refused, oldest first, with the reason in <c>DeadReason</c>.</summary>
    public IReadOnlyList<(QueuedOfflineRedemption Redemption, string Reason, string Message)> RefusedOfflineRedemptions()
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT seq, dead_reason, dead_message FROM offline_redemption WHERE dead_reason IS NOT NULL ORDER BY seq";
        using var reader = select.ExecuteReader();
        var refused = new List<(long, string, string)>();
        while (reader.Read())
        {
            refused.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }
        var all = ReadOfflineRedemptions("dead_reason IS NOT NULL").ToDictionary(r => r.Sequence);
        return [.. refused.Select(r => (all[r.Item1], r.Item2, r.Item3))];
    }

    /// <summary>The cluster booked it: it leaves the queue, and its points still count against the card's day at this till.</summary>
    public void OfflineRedemptionBooked(long sequence)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var move = connection.CreateCommand();
        move.Transaction = transaction;
        move.CommandText = """
            INSERT INTO offline_redeemed_booked (card_id, business_day, points, store_id, terminal_id, receipt_id)
                SELECT card_id, business_day, points, store_id, terminal_id, receipt_id FROM offline_redemption WHERE seq = $seq;
            DELETE FROM offline_redemption WHERE seq = $seq;
            -- An allowance lasts at most 168 hours: days further back can no longer count against one.
            DELETE FROM offline_redeemed_booked WHERE business_day < date('now', '-9 days');
            """;
        move.Parameters.AddWithValue("$seq", sequence);
        move.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>The cluster refused it: kept with the reason, not sent again.</summary>
    public void SetAsideOfflineRedemption(long sequence, string reasonCode, string message)
    {
        using var connection = Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE offline_redemption SET dead_reason = $reason, dead_message = $message WHERE seq = $seq AND dead_reason IS NULL";
        update.Parameters.AddWithValue("$reason", reasonCode);
        update.Parameters.AddWithValue("$message", message);
        update.Parameters.AddWithValue("$seq", sequence);
        update.ExecuteNonQuery();
    }

    public int OfflineRedemptionCount()
    {
        using var connection = Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM offline_redemption WHERE dead_reason IS NULL";
        return Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private List<QueuedOfflineRedemption> ReadOfflineRedemptions(string condition)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {RedemptionColumns} FROM offline_redemption WHERE {condition} ORDER BY seq";
        using var reader = select.ExecuteReader();
        var redemptions = new List<QueuedOfflineRedemption>();
        while (reader.Read())
        {
            redemptions.Add(ReadRedemption(reader));
        }
        return redemptions;
    }

    private const string RedemptionColumns = "seq, card_id, store_id, terminal_id, business_day, receipt_id, occurred_at, points, allowance";

    // A row read with RedemptionColumns first.
    private static QueuedOfflineRedemption ReadRedemption(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), new OfflineRedemption(reader.GetString(2), reader.GetString(3), reader.GetString(5),
            ParseTime(reader.GetString(6)), reader.GetInt64(7), DateOnly.ParseExact(reader.GetString(4), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            JsonSerializer.Deserialize<OfflineAllowance>(reader.GetString(8))!));
}
