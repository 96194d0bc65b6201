using Microsoft.Data.Sqlite;

namespace RetentionActors.Terminal.Outbox;

/// <summary>
/// The outbox file's schema as numbered steps; <c>PRAGMA user_version</c> says how many have run, so an
/// outbox written by an older terminal upgrades in place, entries and all. Append steps; never edit one
/// that shipped. Files from before versioning have version 0 and the table of step 1 already.
/// </summary>
internal static class OutboxSchema
{
    public static readonly string[] Steps =
    [
        // 1: one entry per store + receipt (the first outbox, unversioned: IF NOT EXISTS keeps its table).
        """
        CREATE TABLE IF NOT EXISTS outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id TEXT NOT NULL,
            store_id TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            receipt_id TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            amount TEXT NOT NULL,
            lines TEXT NULL,
            queued_at TEXT NOT NULL,
            UNIQUE (store_id, receipt_id));
        """,
        // 2: one entry per store + till + business day + receipt, as the silo identifies a sale. Entries queued
        // before get the date their till time showed, which is the day the silo gives a sale that names none.
        // SQLite cannot change a table's constraints: the table is rebuilt, keeping sequence numbers and the
        // AUTOINCREMENT counter, so an entry never gets the number of an earlier one.
        """
        CREATE TABLE outbox_v2 (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id TEXT NOT NULL,
            store_id TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            business_day TEXT NOT NULL,
            receipt_id TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            amount TEXT NOT NULL,
            lines TEXT NULL,
            queued_at TEXT NOT NULL,
            UNIQUE (store_id, terminal_id, business_day, receipt_id));
        INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_v2', seq FROM sqlite_sequence WHERE name = 'outbox';
        INSERT INTO outbox_v2 (seq, card_id, store_id, terminal_id, business_day, receipt_id, occurred_at, amount, lines, queued_at)
            SELECT seq, card_id, store_id, terminal_id, substr(occurred_at, 1, 10), receipt_id, occurred_at, amount, lines, queued_at
            FROM outbox ORDER BY seq;
        DROP TABLE outbox;
        ALTER TABLE outbox_v2 RENAME TO outbox;
        """,
        // 3: nothing refused is deleted. An entry the silo refuses becomes a dead letter (dead_reason set) and stays until
        // the back office books or dismisses it; an entry failing with an unexpected error is retried with backoff
        // (attempts, retry_at) before it is set aside the same way.
        """
        ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE outbox ADD COLUMN retry_at TEXT NULL;
        ALTER TABLE outbox ADD COLUMN last_error TEXT NULL;
        ALTER TABLE outbox ADD COLUMN dead_reason TEXT NULL;
        ALTER TABLE outbox ADD COLUMN dead_message TEXT NULL;
        ALTER TABLE outbox ADD COLUMN dead_since TEXT NULL;
        ALTER TABLE outbox ADD COLUMN clock_skew_ms INTEGER NULL;
        ALTER TABLE outbox ADD COLUMN reported_at TEXT NULL;
        """,
        // 4: offline redemption. The allowance the cluster last signed for each card at this till and the public keys that
        // check them (a till holds no key that can sign), and the redemptions made offline under them, queued in their own
        // table (a receipt may have a queued purchase too) and replayed with the allowance they were made under.
        """
        CREATE TABLE offline_allowance (
            card_id TEXT PRIMARY KEY,
            allowance TEXT NOT NULL,
            received_at TEXT NOT NULL);
        CREATE TABLE allowance_key (
            key_id TEXT PRIMARY KEY,
            public_key BLOB NOT NULL);
        CREATE TABLE offline_redemption (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id TEXT NOT NULL,
            store_id TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            business_day TEXT NOT NULL,
            receipt_id TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            points INTEGER NOT NULL,
            allowance TEXT NOT NULL,
            queued_at TEXT NOT NULL,
            dead_reason TEXT NULL,
            dead_message TEXT NULL,
            UNIQUE (store_id, terminal_id, business_day, receipt_id));
        CREATE TABLE offline_redeemed_booked (
            card_id TEXT NOT NULL,
            business_day TEXT NOT NULL,
            points INTEGER NOT NULL);
        CREATE INDEX offline_redeemed_booked_card ON offline_redeemed_booked (card_id, business_day);
        """,
        // 5: a booked offline redemption keeps its receipt, so the till does not redeem that receipt offline again once the
        // cluster has booked it. Rows booked before this step have none: a receipt booked the same day, just before the
        // upgrade, is not recognised (the cluster then refuses other points on it, and replays the same points once).
        """
        ALTER TABLE offline_redeemed_booked ADD COLUMN store_id TEXT NULL;
        ALTER TABLE offline_redeemed_booked ADD COLUMN terminal_id TEXT NULL;
        ALTER TABLE offline_redeemed_booked ADD COLUMN receipt_id TEXT NULL;
        CREATE INDEX offline_redeemed_booked_receipt ON offline_redeemed_booked (store_id, terminal_id, business_day, receipt_id);
        """,
    ];

    /// <summary>Runs the steps this file has not had, in one transaction; a file newer than this build is refused.</summary>
    public static void Apply(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        var version = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Steps.Length)
        {
            throw new InvalidOperationException(
                $"The outbox has schema version {version}, newer than this terminal knows ({Steps.Length}); run a newer terminal on it.");
        }
        for (var step = version; step < Steps.Length; step++)
        {
            Scalar(connection, transaction, Steps[step]);
        }
        Scalar(connection, transaction, $"PRAGMA user_version = {Steps.Length}");
        transaction.Commit();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
