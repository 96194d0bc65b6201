using RetentionActors.Storage.Maintenance;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Sqlite;

/// <summary>
/// The embedded database's schema as numbered steps. <c>PRAGMA user_version</c> says how many have run,
/// so a data folder made by an older build upgrades in place. Append steps; never edit one that shipped.
/// </summary>
internal static class SqliteSchema
{
    public static readonly string[] Steps =
    [
        """
        CREATE TABLE customers (
            customer_id  TEXT PRIMARY KEY,
            version      INTEGER NOT NULL,
            display_name TEXT NOT NULL,
            email        TEXT,
            phone        TEXT,
            enrolled_at  TEXT NOT NULL,
            document     TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX customers_email ON customers (email);
        CREATE INDEX customers_phone ON customers (phone);

        -- The ledger: append-only, one row per change of points, the customer grain its only writer.
        CREATE TABLE ledger (
            customer_id     TEXT NOT NULL,
            seq             INTEGER NOT NULL,
            kind            TEXT NOT NULL,
            points          INTEGER NOT NULL,
            amount          NUMERIC NOT NULL,
            balance_after   INTEGER NOT NULL,
            idempotency_key TEXT NOT NULL,
            store_id        TEXT,
            terminal_id     TEXT,
            receipt_id      TEXT,
            card_id         TEXT,
            refers_to       TEXT,
            occurred_at     TEXT NOT NULL, -- the till's time as given, ISO 8601 with its offset
            occurred_utc    TEXT NOT NULL, -- the same instant in UTC, sortable
            recorded_utc    TEXT NOT NULL,
            reason          TEXT,
            operator_id     TEXT,
            draws           TEXT,          -- JSON [[lotSeq, points], ...]: the lots a debit took points from
            PRIMARY KEY (customer_id, seq),
            UNIQUE (customer_id, idempotency_key)
        ) WITHOUT ROWID;
        CREATE INDEX ledger_occurred ON ledger (occurred_utc);

        -- The answer each keyed operation gave, returned again when the operation is repeated.
        CREATE TABLE operations (
            customer_id   TEXT NOT NULL,
            operation_key TEXT NOT NULL,
            result        TEXT NOT NULL,
            recorded_utc  TEXT NOT NULL,
            PRIMARY KEY (customer_id, operation_key)
        ) WITHOUT ROWID;

        CREATE TABLE grain_state (
            state_name  TEXT NOT NULL,
            grain_id    TEXT NOT NULL,
            etag        INTEGER NOT NULL,
            payload     TEXT NOT NULL,
            updated_utc TEXT NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        ) WITHOUT ROWID;

        CREATE TABLE reminders (
            grain_id      TEXT NOT NULL,
            reminder_name TEXT NOT NULL,
            grain_hash    INTEGER NOT NULL,
            start_utc     TEXT NOT NULL,
            period_ms     INTEGER NOT NULL,
            etag          INTEGER NOT NULL,
            PRIMARY KEY (grain_id, reminder_name)
        ) WITHOUT ROWID;
        CREATE INDEX reminders_hash ON reminders (grain_hash);
        """,
        // 2: the till's business day of a receipt (yyyy-MM-dd): receipts are numbered per till and day.
        "ALTER TABLE ledger ADD COLUMN business_day TEXT;",
        // 3: receipt identity store + till + business day + receipt, for ledgers written before.
        ReceiptIdentityMigration.Rewrite(alias => $"{alias}.business_day", "substr(occurred_at, 1, 10)"),
        // 4: terminal credentials, and the cluster secret they are signed with.
        """
        -- The cluster's own secret: terminal credentials are signed with keys derived from it.
        CREATE TABLE IF NOT EXISTS cluster_secret (
            id          INTEGER PRIMARY KEY CHECK (id = 1),
            secret      BLOB NOT NULL,
            created_utc TEXT NOT NULL
        );

        -- Terminal credentials as issued; the token itself is never stored.
        CREATE TABLE IF NOT EXISTS terminal_credentials (
            credential_id TEXT PRIMARY KEY,
            store_id      TEXT NOT NULL,
            terminal_id   TEXT NOT NULL,
            role          TEXT NOT NULL,
            issued_utc    TEXT NOT NULL,
            expires_utc   TEXT NOT NULL,
            issued_by     TEXT NOT NULL,
            revoked_utc   TEXT,
            revoked_by    TEXT
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS terminal_credentials_revoked ON terminal_credentials (revoked_utc) WHERE revoked_utc IS NOT NULL;
        """,
        """
        -- Named back-office operators. The secret is stored only as a salted PBKDF2 hash.
        CREATE TABLE backoffice_operators (
            name         TEXT PRIMARY KEY,
            role         TEXT NOT NULL,
            secret_hash  TEXT NOT NULL,
            created_utc  TEXT NOT NULL,
            created_by   TEXT NOT NULL,
            disabled_utc TEXT,
            disabled_by  TEXT
        ) WITHOUT ROWID;

        -- Back-office sessions, by the SHA-256 of their id: the id itself lives only in the operator's cookie or client.
        CREATE TABLE backoffice_sessions (
            session_hash  TEXT PRIMARY KEY,
            operator_name TEXT NOT NULL,
            role          TEXT NOT NULL,
            bootstrap     INTEGER NOT NULL, -- 1: logged in with RETENTION_ADMIN_TOKEN or RETENTION_ANALYST_TOKEN
            created_utc   TEXT NOT NULL,
            expires_utc   TEXT NOT NULL,
            revoked_utc   TEXT
        ) WITHOUT ROWID;
        CREATE INDEX backoffice_sessions_operator ON backoffice_sessions (operator_name);
        CREATE INDEX backoffice_sessions_expires ON backoffice_sessions (expires_utc);

        -- Adjustments above the program's approval threshold, waiting for (or decided by) a second operator.
        CREATE TABLE adjustment_approvals (
            approval_id   TEXT PRIMARY KEY,
            customer_id   TEXT NOT NULL,
            reference     TEXT NOT NULL,
            points        INTEGER NOT NULL,
            reason        TEXT NOT NULL,
            requested_by  TEXT NOT NULL,
            requested_utc TEXT NOT NULL,
            status        TEXT NOT NULL,
            decided_by    TEXT,
            decided_utc   TEXT,
            decision_note TEXT,
            UNIQUE (customer_id, reference)
        ) WITHOUT ROWID;
        CREATE INDEX adjustment_approvals_status ON adjustment_approvals (status, requested_utc);

        -- The second operator who approved a manual adjustment.
        ALTER TABLE ledger ADD COLUMN approved_by TEXT;
        """,
        // 6: dead letters: sales tills kept because the silo refused them, until the back office books or dismisses them.
        """
        CREATE TABLE dead_letters (
            store_id              TEXT NOT NULL,
            terminal_id           TEXT NOT NULL,
            business_day          TEXT NOT NULL,    -- yyyy-MM-dd, the till's
            receipt_id            TEXT NOT NULL,
            card_id               TEXT NOT NULL,
            amount                NUMERIC NOT NULL,
            lines                 TEXT,             -- JSON, as the till sent them
            occurred_at           TEXT NOT NULL,    -- the till's time as rung up, ISO 8601 with its offset
            reason_code           TEXT NOT NULL,    -- the terminal's reason: tillClockSkew, unknownCard, invalid, error, ...
            message               TEXT NOT NULL,
            since_utc             TEXT NOT NULL,    -- when the till set it aside
            attempts              INTEGER NOT NULL,
            clock_skew_ms         INTEGER,          -- the till's clock minus the cluster's, when that is why
            reported_utc          TEXT NOT NULL,
            status                TEXT NOT NULL,    -- Open, Booking, Booked, Dismissed
            corrected_card_id     TEXT,
            corrected_amount      NUMERIC,
            corrected_occurred_at TEXT,
            resolved_by           TEXT,
            resolved_utc          TEXT,
            resolution_note       TEXT,
            points_earned         INTEGER,
            PRIMARY KEY (store_id, terminal_id, business_day, receipt_id)
        ) WITHOUT ROWID;
        CREATE INDEX dead_letters_store ON dead_letters (store_id, status, since_utc);
        """,
        // 7: the back office's audit trail, until now created by the silo at start (when missing) with numeric ids that
        // two silos could both pick: ids become text (UUIDv7), the rows kept under their old numbers. Also the win-back
        // table the silo created at start.
        """
        CREATE TABLE IF NOT EXISTS backoffice_audit (
            id       BIGINT PRIMARY KEY,
            at_utc   TEXT NOT NULL,
            actor    TEXT NOT NULL,
            action   TEXT NOT NULL,
            target   TEXT NOT NULL,
            detail   TEXT,
            outcome  TEXT NOT NULL
        );
        ALTER TABLE backoffice_audit RENAME TO backoffice_audit_numbered;
        CREATE TABLE backoffice_audit (
            id      TEXT PRIMARY KEY, -- UUIDv7, or the number of a row written before
            at_utc  TEXT NOT NULL,
            actor   TEXT NOT NULL,
            action  TEXT NOT NULL,
            target  TEXT NOT NULL,
            detail  TEXT,
            outcome TEXT NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO backoffice_audit (id, at_utc, actor, action, target, detail, outcome)
        SELECT CAST(id AS TEXT), at_utc, actor, action, target, detail, outcome FROM backoffice_audit_numbered;
        DROP TABLE backoffice_audit_numbered;
        CREATE INDEX backoffice_audit_at ON backoffice_audit (at_utc);
        CREATE INDEX backoffice_audit_target ON backoffice_audit (target, at_utc);

        CREATE TABLE IF NOT EXISTS backoffice_winback (
            campaign    TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            code        TEXT NOT NULL,
            issued_utc  TEXT NOT NULL,
            PRIMARY KEY (campaign, customer_id)
        );
        """,
        // 8: which customer each till receipt was booked for: a receipt earns for one customer only.
        SqlReceiptOwners.CreateTable(alias => $"{alias}.business_day", " WITHOUT ROWID"),
        // 9: the transactional outbox of events for the change feed and webhooks (see SqlOutbox for how positions are taken).
        """
        CREATE TABLE outbox_position (last_position INTEGER NOT NULL);
        INSERT INTO outbox_position VALUES (0);
        CREATE TABLE outbox_events (
            position     INTEGER PRIMARY KEY,  -- commit order, from outbox_position
            event_id     TEXT NOT NULL UNIQUE, -- UUIDv7, for receivers to deduplicate
            customer_id  TEXT,
            customer_seq INTEGER,              -- 1, 2, 3... per customer
            type         TEXT NOT NULL,
            occurred_utc TEXT NOT NULL,
            recorded_utc TEXT NOT NULL,
            payload      TEXT NOT NULL,        -- JSON, a versioned record of EventPayloads
            UNIQUE (customer_id, customer_seq)
        );
        """,
        // 10: webhook subscriptions, where each one's delivery stands, and the events each gave up on.
        """
        CREATE TABLE webhook_subscriptions (
            id               TEXT PRIMARY KEY,
            url              TEXT NOT NULL,
            event_types      TEXT NOT NULL,      -- comma-separated; empty: all
            secret           TEXT NOT NULL,      -- signs deliveries; never shown again after creation
            status           TEXT NOT NULL,      -- Active, Paused
            position         INTEGER NOT NULL,      -- every event up to here is delivered or not of a type sent
            attempts         INTEGER NOT NULL,      -- failed attempts at the event after position
            failing_since    TEXT,
            next_attempt_utc TEXT NOT NULL,
            last_error       TEXT,
            delivered        INTEGER NOT NULL,
            created_utc      TEXT NOT NULL,
            created_by       TEXT NOT NULL,
            lease_owner      TEXT,               -- the delivery worker holding it, until lease_until
            lease_until      TEXT
        );
        CREATE INDEX webhook_subscriptions_due ON webhook_subscriptions (status, next_attempt_utc);
        CREATE TABLE webhook_dead_letters (
            subscription_id TEXT NOT NULL,
            position        INTEGER NOT NULL,
            event_id        TEXT NOT NULL,
            attempts        INTEGER NOT NULL,
            last_error      TEXT,
            failed_utc      TEXT NOT NULL,
            PRIMARY KEY (subscription_id, position)
        );
        """,
        // 11: holdout groups: each customer a targeted action reached, treated or held out, recorded once.
        """
        CREATE TABLE holdout_assignments (
            action       TEXT NOT NULL,           -- campaign:<id>, winback:<campaign>, segment:<campaign>
            customer_id  TEXT NOT NULL,
            held_out     INTEGER NOT NULL,        -- 1: held out, got nothing; 0: treated
            assigned_utc TEXT NOT NULL,           -- the ledger's time format: purchases after it count
            granted      NUMERIC NOT NULL,        -- what the action gave this customer (a coupon's value); 0 when held out
            PRIMARY KEY (action, customer_id)
        ) WITHOUT ROWID;
        """,
        // 12: how each ledger entry moved the customer's debt from offline redemptions; outstanding debts are found from the
        // few rows that moved it.
        """
        ALTER TABLE ledger ADD COLUMN debt INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ledger_debt ON ledger (customer_id) WHERE debt <> 0;
        """,
        // 13: each customer's last event sequence, kept apart from the events so pruning old events cannot restart it.
        """
        CREATE TABLE outbox_customer_seq (customer_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO outbox_customer_seq
        SELECT customer_id, max(customer_seq) FROM outbox_events WHERE customer_id IS NOT NULL GROUP BY customer_id;
        """,
        // 14: NPS answers in a table of their own, written with the customer document that records them, so the report groups
        // them in SQL; the answers already in documents are copied in (times in the ledger's fixed-width UTC text).
        """
        CREATE TABLE feedback (
            customer_id  TEXT NOT NULL,
            reference    TEXT NOT NULL,
            score        INTEGER NOT NULL,
            answered_utc TEXT NOT NULL,
            store_id     TEXT,
            PRIMARY KEY (customer_id, reference)
        ) WITHOUT ROWID;
        CREATE INDEX feedback_answered ON feedback (answered_utc);
        INSERT INTO feedback (customer_id, reference, score, answered_utc, store_id)
        SELECT c.customer_id, json_extract(f.value, '$.reference'), json_extract(f.value, '$.score'),
               strftime('%Y-%m-%dT%H:%M:%f', json_extract(f.value, '$.at')) || '0000Z', json_extract(f.value, '$.storeId')
        FROM customers c, json_each(c.document, '$.feedback') f
        WHERE f.type = 'object'
        ON CONFLICT (customer_id, reference) DO NOTHING;
        """,
        CampaignEntries,
        // 16: maintenance sweeps instead of a reminder per customer (see SqlMaintenanceDue). Existing customers are each
        // checked once, spread over the day after the upgrade by slot (86,400 s / 256 slots); the check stores their real
        // due times. retention_maintenance_slot is MaintenanceSlots.Of, given to the write connection by SqliteDatabase.
        SqlMaintenanceDue.CreateTable("TEXT", "TEXT", " WITHOUT ROWID") + """
            INSERT INTO maintenance_due (customer_id, slot)
            SELECT customer_id, retention_maintenance_slot(customer_id) FROM customers;
            UPDATE maintenance_due SET points_expire_at = strftime('%Y-%m-%dT%H:%M:%f', 'now', '+' || (slot * 337) || ' seconds') || '0000Z';
            DELETE FROM reminders WHERE reminder_name = 'maintenance' AND grain_id LIKE 'customer/%';
            """,
        // 17: a snapshot of each customer's points account, so an activation reads it and the ledger after it (issue 14);
        // customers without one are replayed whole once and get one on a later commit.
        Sql.Snapshots.SqlAccountSnapshots.CreateTable("TEXT", " WITHOUT ROWID"),
        // 18: each customer's purchases in time order, with their amounts: the back office's per-customer figures read
        // this index alone, already grouped by customer, instead of the table.
        "CREATE INDEX IF NOT EXISTS ledger_purchases ON ledger (customer_id, occurred_utc, amount) WHERE kind = 'Purchase';",
        // 19: each customer's purchase totals, kept by triggers on the ledger (see CustomerTotalsTable).
        Analytics.CustomerTotalsTable.Sqlite,
        // 20: the refunds by time, with their amounts: retention's refunds of a period read this index alone.
        "CREATE INDEX IF NOT EXISTS ledger_refunds ON ledger (occurred_utc, amount) WHERE kind = 'Refund';",
        // 21: monthly retention's and cohorts' counts of the months that are over (see ClosedMonthTables).
        Analytics.ClosedMonthTables.Sqlite,
        // 22: retention's figures of the purchases before a period's closed day (see RetentionSql).
        Analytics.RetentionSql.Sqlite,
    ];

    // 15: each campaign grant and release a row of its own; the maps the campaign grain's state kept them in become rows,
    // and the state keeps only its counters.
    internal const string CampaignEntries = """
        CREATE TABLE campaign_entries (
            campaign_id  TEXT NOT NULL,
            kind         TEXT NOT NULL,    -- Grant: what a purchase took from the budget; Release: what a return gave back
            entry_key    TEXT NOT NULL,    -- customer/receipt of the purchase, or customer/return
            amount       INTEGER NOT NULL, -- points, or gifts
            recorded_utc TEXT NOT NULL,
            PRIMARY KEY (campaign_id, kind, entry_key)
        ) WITHOUT ROWID;
        INSERT INTO campaign_entries (campaign_id, kind, entry_key, amount, recorded_utc)
        SELECT substr(s.grain_id, length('campaign/') + 1), m.kind, e.key, e.value, s.updated_utc
        FROM grain_state s
        JOIN (SELECT 'Grant' AS kind, '$.grants' AS path UNION ALL SELECT 'Release', '$.releases') m
            ON json_type(s.payload, m.path) = 'object'
        JOIN json_each(s.payload, m.path) e
        WHERE s.state_name = 'campaign';
        UPDATE grain_state SET payload = json_remove(payload, '$.grants', '$.releases'), etag = etag + 1
        WHERE state_name = 'campaign';
        """;
}
