namespace RetentionActors.Storage.Postgres;

/// <summary>
/// The cluster store's schema as numbered steps, applied by <see cref="PostgresDatabase"/>: our own
/// tables (customers, ledger, operations) and the tables, functions and named queries
/// (<c>orleansquery</c>) that the Orleans ADO.NET providers for clustering, grain state and
/// reminders expect. Written for this project to the providers' contract; append steps, never edit
/// one that shipped.
/// </summary>
internal static class PostgresSchema
{
    public static IReadOnlyList<string> Steps =>
    [
        OwnTables, OrleansTables, OrleansFunctions, OrleansQueries, BusinessDay, ReceiptIdentity, TerminalCredentials, Operators, DeadLetters,
        GrainState, GrainStateFromOrleansStorage, AuditTrail, ReceiptOwners, Outbox, Webhooks, HoldoutAssignments, OfflineDebt,
        OutboxCustomerSequences, Feedback, CampaignEntries, MaintenanceDue, AccountSnapshots, LedgerPurchases, CustomerTotals,
        LedgerRefunds, LedgerDayStatistics, ClosedMonthCounts, RetentionCounts,
    ];

    // 28: retention's figures of the purchases before a period's closed day, and what they were counted with (see RetentionSql).
    private static readonly string RetentionCounts = Analytics.RetentionSql.Postgres;

    // 27: monthly retention's and cohorts' counts of the months that are over, and what tells when one no longer holds.
    private const string ClosedMonthCounts = Analytics.ClosedMonthTables.Postgres;

    // 26: how many (UTC day, kind, sign) groups the ledger holds. Without it the planner takes a grouping by those
    // expressions for one group per row and sorts every ledger row on disk: the liability's day totals took 11-14 s at
    // 20 M rows, 5.8-6.4 s hashed. The statistics fill at the next ANALYZE, run here for a ledger already there.
    private static readonly string LedgerDayStatistics = $"""
        CREATE STATISTICS IF NOT EXISTS ledger_day_kind_sign (ndistinct)
            ON ({Analytics.SqlDialect.PostgresDayKey("occurred_utc")}), kind, (CASE WHEN points > 0 THEN 1 ELSE 0 END) FROM ledger;
        ANALYZE ledger;
        """;

    // 25: the refunds by time, with their amounts: retention's refunds of a period read this small index, not every
    // ledger row of the period (refunds are a few in a hundred rows).
    private const string LedgerRefunds =
        "CREATE INDEX IF NOT EXISTS ledger_refunds ON ledger (occurred_utc) INCLUDE (amount) WHERE kind = 'Refund';";

    // 24: each customer's purchase totals, kept by triggers on the ledger in the transaction of every ledger write.
    private const string CustomerTotals = Analytics.CustomerTotalsTable.Postgres;

    // 23: each customer's purchases in time order, with their amounts: the back office's per-customer figures (first and
    // last purchase, purchase months, cohorts) read this index alone, already grouped by customer, instead of the table.
    private const string LedgerPurchases =
        "CREATE INDEX IF NOT EXISTS ledger_purchases ON ledger (customer_id, occurred_utc) INCLUDE (amount) WHERE kind = 'Purchase';";

    /// <summary>The step that creates the Orleans ADO.NET providers' tables: skipped for a database whose operator already ran Orleans' own scripts.</summary>
    public const int OrleansTablesStep = 1;

    /// <summary>The tables <see cref="OrleansTablesStep"/> creates, by the names Orleans' scripts give them too.</summary>
    public static readonly string[] OrleansTableNames =
        ["orleansquery", "orleansmembershipversiontable", "orleansmembershiptable", "orleansstorage", "orleansreminderstable"];

    // 5: the till's business day of a receipt: receipts are numbered per till and day.
    private const string BusinessDay = "ALTER TABLE ledger ADD COLUMN IF NOT EXISTS business_day date;";

    // 6: receipt identity store + till + business day + receipt, for ledgers written before.
    private static readonly string ReceiptIdentity =
        Sql.ReceiptIdentityMigration.Rewrite(alias => $"to_char({alias}.business_day, 'YYYY-MM-DD')", "substr(occurred_at, 1, 10)::date");

    // 13: which customer each till receipt was booked for: a receipt earns for one customer only.
    private static readonly string ReceiptOwners =
        Sql.SqlReceiptOwners.CreateTable(alias => $"to_char({alias}.business_day, 'YYYY-MM-DD')", "");

    // 14: the transactional outbox of events for the change feed and webhooks (see SqlOutbox for how positions are taken).
    private const string Outbox = """
        CREATE TABLE outbox_position (last_position bigint NOT NULL);
        INSERT INTO outbox_position VALUES (0);
        CREATE TABLE outbox_events (
            position     bigint PRIMARY KEY,     -- commit order, from outbox_position
            event_id     text NOT NULL UNIQUE,   -- UUIDv7, for receivers to deduplicate
            customer_id  text,
            customer_seq bigint,                 -- 1, 2, 3... per customer
            type         text NOT NULL,
            occurred_utc timestamptz NOT NULL,
            recorded_utc timestamptz NOT NULL,
            payload      text NOT NULL,          -- JSON, a versioned record of EventPayloads
            UNIQUE (customer_id, customer_seq)
        );
        """;

    // 16: holdout groups: each customer a targeted action reached, treated or held out, recorded once.
    private const string HoldoutAssignments = """
        CREATE TABLE holdout_assignments (
            action       text NOT NULL,           -- campaign:<id>, winback:<campaign>, segment:<campaign>
            customer_id  text NOT NULL,
            held_out     integer NOT NULL,        -- 1: held out, got nothing; 0: treated
            assigned_utc timestamptz NOT NULL,    -- purchases after it count
            granted      numeric(19, 4) NOT NULL, -- what the action gave this customer (a coupon's value); 0 when held out
            PRIMARY KEY (action, customer_id)
        );
        """;

    // 17: how each ledger entry moved the customer's debt from offline redemptions; outstanding debts are found from the
    // few rows that moved it.
    private const string OfflineDebt = """
        ALTER TABLE ledger ADD COLUMN debt bigint NOT NULL DEFAULT 0;
        CREATE INDEX ledger_debt ON ledger (customer_id) WHERE debt <> 0;
        """;

    // 18: each customer's last event sequence, kept apart from the events so pruning old events cannot restart it.
    private const string OutboxCustomerSequences = """
        CREATE TABLE outbox_customer_seq (customer_id text PRIMARY KEY, last_seq bigint NOT NULL);
        INSERT INTO outbox_customer_seq
        SELECT customer_id, max(customer_seq) FROM outbox_events WHERE customer_id IS NOT NULL GROUP BY customer_id;
        """;

    // 19: NPS answers in a table of their own, written with the customer document that records them, so the report groups them in
    // SQL; the answers already in documents are copied in, set-based.
    private const string Feedback = """
        CREATE TABLE feedback (
            customer_id  text NOT NULL,
            reference    text NOT NULL,
            score        integer NOT NULL,
            answered_utc timestamptz NOT NULL,
            store_id     text,
            PRIMARY KEY (customer_id, reference)
        );
        CREATE INDEX feedback_answered ON feedback (answered_utc);
        INSERT INTO feedback (customer_id, reference, score, answered_utc, store_id)
        SELECT c.customer_id, f ->> 'reference', (f ->> 'score')::integer, (f ->> 'at')::timestamptz, f ->> 'storeId'
        FROM customers c
        CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(c.document::jsonb -> 'feedback') = 'array'
                                                     THEN c.document::jsonb -> 'feedback' ELSE '[]'::jsonb END) f
        WHERE jsonb_typeof(f) = 'object'
        ON CONFLICT (customer_id, reference) DO NOTHING;
        """;

    // 20: each campaign grant and release a row of its own; the maps the campaign grain's state kept them in become rows,
    // and the state keeps only its counters.
    internal const string CampaignEntries = """
        CREATE TABLE campaign_entries (
            campaign_id  text NOT NULL,
            kind         text NOT NULL,        -- Grant: what a purchase took from the budget; Release: what a return gave back
            entry_key    text NOT NULL,        -- customer/receipt of the purchase, or customer/return
            amount       bigint NOT NULL,      -- points, or gifts
            recorded_utc timestamptz NOT NULL,
            PRIMARY KEY (campaign_id, kind, entry_key)
        );
        INSERT INTO campaign_entries (campaign_id, kind, entry_key, amount, recorded_utc)
        SELECT substr(s.grain_id, length('campaign/') + 1), m.kind, e.key, e.value::bigint, s.updated_utc
        FROM grain_state s
        CROSS JOIN (VALUES ('Grant', 'grants'), ('Release', 'releases')) m (kind, field)
        CROSS JOIN LATERAL jsonb_each_text(CASE jsonb_typeof(s.payload::jsonb -> m.field)
            WHEN 'object' THEN s.payload::jsonb -> m.field ELSE '{}'::jsonb END) e
        WHERE s.state_name = 'campaign';
        UPDATE grain_state SET payload = (payload::jsonb - 'grants' - 'releases')::text, etag = etag + 1
        WHERE state_name = 'campaign';
        """;

    // 21: maintenance sweeps instead of a reminder per customer (see SqlMaintenanceDue). Existing customers are each
    // checked once, spread over the day after the upgrade by slot (86,400 s / 256 slots); the check stores their real due
    // times. The slot is MaintenanceSlots.Of: the low 8 bits of the first 4 bytes of the id's MD5.
    private static readonly string MaintenanceDue = Maintenance.SqlMaintenanceDue.CreateTable("text", "timestamptz", "") + """
        INSERT INTO maintenance_due (customer_id, slot, points_expire_at)
        SELECT c.customer_id, s.slot, now() + s.slot * interval '337.5 seconds'
        FROM customers c CROSS JOIN LATERAL (SELECT ('x' || substr(md5(c.customer_id), 1, 8))::bit(32)::int & 255 AS slot) s;
        DELETE FROM orleansreminderstable WHERE remindername = 'maintenance' AND grainid LIKE 'customer/%';
        """;

    // 22: a snapshot of each customer's points account, so an activation reads it and the ledger after it (issue 14);
    // customers without one are replayed whole once and get one on a later commit.
    private static readonly string AccountSnapshots = Sql.Snapshots.SqlAccountSnapshots.CreateTable("timestamptz", "");

    // 15: webhook subscriptions, where each one's delivery stands, and the events each gave up on.
    private const string Webhooks = """
        CREATE TABLE webhook_subscriptions (
            id               text PRIMARY KEY,
            url              text NOT NULL,
            event_types      text NOT NULL,      -- comma-separated; empty: all
            secret           text NOT NULL,      -- signs deliveries; never shown again after creation
            status           text NOT NULL,      -- Active, Paused
            position         bigint NOT NULL,      -- every event up to here is delivered or not of a type sent
            attempts         integer NOT NULL,      -- failed attempts at the event after position
            failing_since    timestamptz,
            next_attempt_utc timestamptz NOT NULL,
            last_error       text,
            delivered        bigint NOT NULL,
            created_utc      timestamptz NOT NULL,
            created_by       text NOT NULL,
            lease_owner      text,               -- the delivery worker holding it, until lease_until
            lease_until      timestamptz
        );
        CREATE INDEX webhook_subscriptions_due ON webhook_subscriptions (status, next_attempt_utc);
        CREATE TABLE webhook_dead_letters (
            subscription_id text NOT NULL,
            position        bigint NOT NULL,
            event_id        text NOT NULL,
            attempts        integer NOT NULL,
            last_error      text,
            failed_utc      timestamptz NOT NULL,
            PRIMARY KEY (subscription_id, position)
        );
        """;

    private const string OwnTables = """
        CREATE TABLE customers (
            customer_id  text PRIMARY KEY,
            version      integer NOT NULL,
            display_name text NOT NULL,
            email        text,
            phone        text,
            enrolled_at  timestamptz NOT NULL,
            document     text NOT NULL
        );
        CREATE INDEX customers_email ON customers (email);
        CREATE INDEX customers_phone ON customers (phone);

        -- The ledger: append-only, one row per change of points, the customer grain its only writer.
        CREATE TABLE ledger (
            customer_id     text NOT NULL,
            seq             bigint NOT NULL,
            kind            text NOT NULL,
            points          bigint NOT NULL,
            amount          numeric(19, 4) NOT NULL,
            balance_after   bigint NOT NULL,
            idempotency_key text NOT NULL,
            store_id        text,
            terminal_id     text,
            receipt_id      text,
            card_id         text,
            refers_to       text,
            occurred_at     text NOT NULL,        -- the till's time as given, ISO 8601 with its offset
            occurred_utc    timestamptz NOT NULL,
            recorded_utc    timestamptz NOT NULL,
            reason          text,
            operator_id     text,
            draws           text,                 -- JSON [[lotSeq, points], ...]
            PRIMARY KEY (customer_id, seq),
            UNIQUE (customer_id, idempotency_key)
        );
        CREATE INDEX ledger_occurred ON ledger (occurred_utc);

        CREATE TABLE operations (
            customer_id   text NOT NULL,
            operation_key text NOT NULL,
            result        text NOT NULL,
            recorded_utc  timestamptz NOT NULL,
            PRIMARY KEY (customer_id, operation_key)
        );
        """;

    // 7: terminal credentials, and the cluster secret they are signed with.
    private const string TerminalCredentials = """
        -- The cluster's own secret: terminal credentials are signed with keys derived from it.
        CREATE TABLE IF NOT EXISTS cluster_secret (
            id          integer PRIMARY KEY CHECK (id = 1),
            secret      bytea NOT NULL,
            created_utc timestamptz NOT NULL
        );

        -- Terminal credentials as issued; the token itself is never stored.
        CREATE TABLE IF NOT EXISTS terminal_credentials (
            credential_id text PRIMARY KEY,
            store_id      text NOT NULL,
            terminal_id   text NOT NULL,
            role          text NOT NULL,
            issued_utc    timestamptz NOT NULL,
            expires_utc   timestamptz NOT NULL,
            issued_by     text NOT NULL,
            revoked_utc   timestamptz,
            revoked_by    text
        );
        CREATE INDEX IF NOT EXISTS terminal_credentials_revoked ON terminal_credentials (revoked_utc) WHERE revoked_utc IS NOT NULL;
        """;

    private const string Operators = """
        -- Named back-office operators. The secret is stored only as a salted PBKDF2 hash.
        CREATE TABLE backoffice_operators (
            name         text PRIMARY KEY,
            role         text NOT NULL,
            secret_hash  text NOT NULL,
            created_utc  timestamptz NOT NULL,
            created_by   text NOT NULL,
            disabled_utc timestamptz,
            disabled_by  text
        );

        -- Back-office sessions, by the SHA-256 of their id: the id itself lives only in the operator's cookie or client.
        CREATE TABLE backoffice_sessions (
            session_hash  text PRIMARY KEY,
            operator_name text NOT NULL,
            role          text NOT NULL,
            bootstrap     boolean NOT NULL,     -- logged in with RETENTION_ADMIN_TOKEN or RETENTION_ANALYST_TOKEN
            created_utc   timestamptz NOT NULL,
            expires_utc   timestamptz NOT NULL,
            revoked_utc   timestamptz
        );
        CREATE INDEX backoffice_sessions_operator ON backoffice_sessions (operator_name);
        CREATE INDEX backoffice_sessions_expires ON backoffice_sessions (expires_utc);

        -- Adjustments above the program's approval threshold, waiting for (or decided by) a second operator.
        CREATE TABLE adjustment_approvals (
            approval_id   text PRIMARY KEY,
            customer_id   text NOT NULL,
            reference     text NOT NULL,
            points        bigint NOT NULL,
            reason        text NOT NULL,
            requested_by  text NOT NULL,
            requested_utc timestamptz NOT NULL,
            status        text NOT NULL,
            decided_by    text,
            decided_utc   timestamptz,
            decision_note text,
            UNIQUE (customer_id, reference)
        );
        CREATE INDEX adjustment_approvals_status ON adjustment_approvals (status, requested_utc);

        -- The second operator who approved a manual adjustment.
        ALTER TABLE ledger ADD COLUMN approved_by text;
        """;

    // 10: grain state of cards, coupons, the program, campaigns and referral codes in our own table, written by our
    // group-commit writer (SqlGrainStorage), so a state change and its audit row share one transaction.
    private const string GrainState = """
        CREATE TABLE grain_state (
            state_name  text NOT NULL,
            grain_id    text NOT NULL,         -- GrainId as text: type/key
            etag        bigint NOT NULL,
            payload     text NOT NULL,         -- JSON (StorageJson)
            updated_utc timestamptz NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        );
        """;

    // 11: the state the Orleans ADO.NET provider kept in orleansstorage, copied to grain_state. The provider keyed a row
    // by state name (graintypestring) and split the grain key: a key that reads as a Guid or a hexadecimal number went
    // to grainidn0/grainidn1 (and what followed a '+' to the extension), any other key to grainidextensionstring.
    // Such keys are rebuilt as Orleans prints them (hexadecimal in capitals, Guids in lower case), which is how our
    // codes are spelled. The payload is our JSON as UTF-8 (JsonGrainStorageSerializer); the version becomes the ETag.
    // The rows stay in orleansstorage, which nothing writes any more.
    private const string GrainStateFromOrleansStorage = """
        INSERT INTO grain_state (state_name, grain_id, etag, payload, updated_utc)
        SELECT DISTINCT ON (k.state_name, k.grain_id) k.state_name, k.grain_id, k.etag, k.payload, k.updated_utc
        FROM (
            SELECT s.graintypestring AS state_name,
                   CASE s.graintypestring WHEN 'referral' THEN 'referral-code' ELSE s.graintypestring END || '/' ||
                   CASE
                       WHEN s.grainidn0 = 0 AND s.grainidn1 = 0 THEN coalesce(s.grainidextensionstring, '0')
                       WHEN s.grainidn0 = 0 THEN upper(to_hex(s.grainidn1)) || coalesce('+' || s.grainidextensionstring, '')
                       ELSE substr(g.n0, 9, 8) || substr(g.n0, 5, 4) || substr(g.n0, 1, 4)
                            || substr(g.n1, 15, 2) || substr(g.n1, 13, 2) || substr(g.n1, 11, 2) || substr(g.n1, 9, 2)
                            || substr(g.n1, 7, 2) || substr(g.n1, 5, 2) || substr(g.n1, 3, 2) || substr(g.n1, 1, 2)
                            || coalesce('+' || s.grainidextensionstring, '')
                   END AS grain_id,
                   coalesce(s.version, 1) AS etag,
                   convert_from(s.payloadbinary, 'UTF8') AS payload,
                   s.modifiedon AS updated_utc
            FROM orleansstorage s
            CROSS JOIN LATERAL (SELECT lpad(to_hex(s.grainidn0), 16, '0') AS n0, lpad(to_hex(s.grainidn1), 16, '0') AS n1) g
            WHERE s.payloadbinary IS NOT NULL AND s.graintypestring IN ('card', 'coupon', 'program', 'campaign', 'referral')
        ) k
        ORDER BY k.state_name, k.grain_id, k.updated_utc DESC
        ON CONFLICT (state_name, grain_id) DO NOTHING;
        """;

    // 12: the back office's audit trail, until now created by the silo at start (when missing) with numeric ids that
    // two silos could both pick: ids become text (UUIDv7), times the engine's own type; the rows kept, under their old
    // numbers. Also the win-back table the silo created at start.
    private const string AuditTrail = """
        CREATE TABLE IF NOT EXISTS backoffice_audit (
            id      bigint PRIMARY KEY,
            at_utc  text NOT NULL,
            actor   text NOT NULL,
            action  text NOT NULL,
            target  text NOT NULL,
            detail  text,
            outcome text NOT NULL
        );
        ALTER TABLE backoffice_audit RENAME TO backoffice_audit_numbered;
        ALTER INDEX IF EXISTS backoffice_audit_pkey RENAME TO backoffice_audit_numbered_pkey;
        CREATE TABLE backoffice_audit (
            id      text PRIMARY KEY,     -- UUIDv7, or the number of a row written before
            at_utc  timestamptz NOT NULL,
            actor   text NOT NULL,
            action  text NOT NULL,
            target  text NOT NULL,
            detail  text,
            outcome text NOT NULL
        );
        INSERT INTO backoffice_audit (id, at_utc, actor, action, target, detail, outcome)
        SELECT id::text, at_utc::timestamptz, actor, action, target, detail, outcome FROM backoffice_audit_numbered;
        DROP TABLE backoffice_audit_numbered;
        CREATE INDEX backoffice_audit_at ON backoffice_audit (at_utc);
        CREATE INDEX backoffice_audit_target ON backoffice_audit (target, at_utc);

        CREATE TABLE IF NOT EXISTS backoffice_winback (
            campaign    text NOT NULL,
            customer_id text NOT NULL,
            code        text NOT NULL,
            issued_utc  timestamptz NOT NULL,
            PRIMARY KEY (campaign, customer_id)
        );
        """;

    private const string OrleansTables = """
        CREATE TABLE orleansquery (
            querykey  varchar(64) PRIMARY KEY,
            querytext varchar(8000) NOT NULL
        );

        CREATE TABLE orleansmembershipversiontable (
            deploymentid varchar(150) PRIMARY KEY,
            timestamp    timestamptz(3) NOT NULL DEFAULT now(),
            version      integer NOT NULL DEFAULT 0
        );

        CREATE TABLE orleansmembershiptable (
            deploymentid varchar(150) NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
            address      varchar(45) NOT NULL,
            port         integer NOT NULL,
            generation   integer NOT NULL,
            siloname     varchar(150) NOT NULL,
            hostname     varchar(150) NOT NULL,
            status       integer NOT NULL,
            proxyport    integer,
            suspecttimes varchar(8000),
            starttime    timestamptz(3) NOT NULL,
            iamalivetime timestamptz(3) NOT NULL,
            PRIMARY KEY (deploymentid, address, port, generation)
        );

        CREATE TABLE orleansstorage (
            grainidhash            integer NOT NULL,
            grainidn0              bigint NOT NULL,
            grainidn1              bigint NOT NULL,
            graintypehash          integer NOT NULL,
            graintypestring        varchar(512) NOT NULL,
            grainidextensionstring varchar(512),
            serviceid              varchar(150) NOT NULL,
            payloadbinary          bytea,
            modifiedon             timestamptz NOT NULL DEFAULT now(),
            version                integer
        );
        -- One row per grain and state: two first writes racing cannot both insert.
        CREATE UNIQUE INDEX orleansstorage_grain ON orleansstorage
            (grainidhash, graintypehash, serviceid, graintypestring, grainidn0, grainidn1, coalesce(grainidextensionstring, ''));

        CREATE TABLE orleansreminderstable (
            serviceid    varchar(150) NOT NULL,
            grainid      varchar(512) NOT NULL,
            remindername varchar(150) NOT NULL,
            starttime    timestamptz(3) NOT NULL,
            period       bigint NOT NULL,
            grainhash    integer NOT NULL,
            version      integer NOT NULL,
            PRIMARY KEY (serviceid, grainid, remindername)
        );
        CREATE INDEX orleansreminders_hash ON orleansreminderstable (serviceid, grainhash);
        """;

    // Membership changes must bump the table version and change the row together, or not at all:
    // each function's exception block is a subtransaction, so a failed step undoes the bump.
    private const string OrleansFunctions = """
        CREATE FUNCTION retention_insert_member(
            p_deployment text, p_address text, p_port integer, p_generation integer, p_silo_name text, p_host_name text,
            p_status integer, p_proxy_port integer, p_start timestamptz, p_alive timestamptz, p_version integer)
        RETURNS boolean LANGUAGE plpgsql AS $fn$
        BEGIN
            UPDATE orleansmembershipversiontable SET version = version + 1, timestamp = now()
            WHERE deploymentid = p_deployment AND version = p_version;
            IF NOT FOUND THEN
                RETURN false;
            END IF;
            INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
            VALUES (p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port, p_start, p_alive);
            RETURN true;
        EXCEPTION WHEN unique_violation THEN
            RETURN false;
        END $fn$;

        CREATE FUNCTION retention_update_member(
            p_deployment text, p_address text, p_port integer, p_generation integer, p_status integer,
            p_suspect_times text, p_alive timestamptz, p_version integer)
        RETURNS boolean LANGUAGE plpgsql AS $fn$
        BEGIN
            UPDATE orleansmembershipversiontable SET version = version + 1, timestamp = now()
            WHERE deploymentid = p_deployment AND version = p_version;
            IF NOT FOUND THEN
                RETURN false;
            END IF;
            UPDATE orleansmembershiptable SET status = p_status, suspecttimes = p_suspect_times, iamalivetime = p_alive
            WHERE deploymentid = p_deployment AND address = p_address AND port = p_port AND generation = p_generation;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'no such member' USING ERRCODE = 'no_data_found';
            END IF;
            RETURN true;
        EXCEPTION WHEN no_data_found THEN
            RETURN false;
        END $fn$;

        -- Returns the new version; NULL (first write lost a race) or the expected version (stale) means conflict.
        CREATE FUNCTION retention_write_state(
            p_id_hash integer, p_n0 bigint, p_n1 bigint, p_type_hash integer, p_type text, p_extension text,
            p_service text, p_version integer, p_payload bytea)
        RETURNS integer LANGUAGE plpgsql AS $fn$
        DECLARE
            v_new integer;
        BEGIN
            IF p_version IS NULL THEN
                INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
                VALUES (p_id_hash, p_n0, p_n1, p_type_hash, p_type, p_extension, p_service, p_payload, now(), 1)
                ON CONFLICT DO NOTHING
                RETURNING version INTO v_new;
                RETURN v_new;
            END IF;
            UPDATE orleansstorage SET payloadbinary = p_payload, version = version + 1, modifiedon = now()
            WHERE grainidhash = p_id_hash AND graintypehash = p_type_hash AND serviceid = p_service AND graintypestring = p_type
              AND grainidn0 = p_n0 AND grainidn1 = p_n1 AND grainidextensionstring IS NOT DISTINCT FROM p_extension
              AND version = p_version
            RETURNING version INTO v_new;
            RETURN coalesce(v_new, p_version);
        END $fn$;
        """;

    private const string StateKey = """
        grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
        AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1 AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
        """;

    private const string MemberColumns = """
        v.deploymentid, m.address AS Address, m.port AS Port, m.generation AS Generation, m.siloname AS SiloName, m.hostname AS HostName,
        m.status AS Status, m.proxyport AS ProxyPort, m.suspecttimes AS SuspectTimes, m.starttime AS StartTime,
        m.iamalivetime AS IAmAliveTime, v.version AS Version
        """;

    private const string ReminderColumns = "grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version";

    private static readonly string OrleansQueries = "INSERT INTO orleansquery (querykey, querytext) VALUES\n" + string.Join(",\n", new Dictionary<string, string>
    {
        // Clustering
        ["InsertMembershipVersionKey"] = """
            WITH inserted AS (
                INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1)
            SELECT count(*) FROM inserted
            """,
        ["MembershipReadAllKey"] = $"""
            SELECT {MemberColumns}
            FROM orleansmembershipversiontable v LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
            WHERE v.deploymentid = @DeploymentId
            """,
        ["MembershipReadRowKey"] = $"""
            SELECT {MemberColumns}
            FROM orleansmembershipversiontable v LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
                AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
            WHERE v.deploymentid = @DeploymentId
            """,
        ["InsertMembershipKey"] = """
            SELECT retention_insert_member(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
                @StartTime, @IAmAliveTime, @Version)
            """,
        ["UpdateMembershipKey"] = """
            SELECT retention_update_member(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version)
            """,
        ["UpdateIAmAlivetimeKey"] = """
            UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime
            WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
            """,
        ["GatewaysQueryKey"] = """
            SELECT address AS Address, proxyport AS ProxyPort, generation AS Generation FROM orleansmembershiptable
            WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0
            """,
        ["DeleteMembershipTableEntriesKey"] = """
            DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
            DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId
            """,
        ["CleanupDefunctSiloEntriesKey"] = """
            DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3
            """,
        // Grain state
        ["ReadFromStorageKey"] = $"SELECT payloadbinary AS PayloadBinary, version AS Version FROM orleansstorage WHERE {StateKey}",
        ["WriteToStorageKey"] = """
            SELECT retention_write_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
                @ServiceId, @GrainStateVersion, @PayloadBinary) AS NewGrainStateVersion
            """,
        ["ClearStorageKey"] = $"""
            UPDATE orleansstorage SET payloadbinary = NULL, version = version + 1, modifiedon = now()
            WHERE {StateKey} AND version = @GrainStateVersion
            RETURNING version
            """,
        ["DeleteStorageKey"] = $"DELETE FROM orleansstorage WHERE {StateKey} AND version = @GrainStateVersion RETURNING version + 1",
        // Reminders
        ["UpsertReminderRowKey"] = """
            INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
            ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
            SET starttime = excluded.starttime, period = excluded.period, grainhash = excluded.grainhash,
                version = orleansreminderstable.version + 1
            RETURNING version AS Version
            """,
        ["ReadReminderRowsKey"] = $"SELECT {ReminderColumns} FROM orleansreminderstable WHERE serviceid = @ServiceId AND grainid = @GrainId",
        ["ReadReminderRowKey"] = $"""
            SELECT {ReminderColumns} FROM orleansreminderstable
            WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
            """,
        ["ReadRangeRows1Key"] = $"""
            SELECT {ReminderColumns} FROM orleansreminderstable
            WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash
            """,
        ["ReadRangeRows2Key"] = $"""
            SELECT {ReminderColumns} FROM orleansreminderstable
            WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash)
            """,
        ["DeleteReminderRowKey"] = """
            WITH deleted AS (
                DELETE FROM orleansreminderstable
                WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
                RETURNING 1)
            SELECT count(*) FROM deleted
            """,
        ["DeleteReminderRowsKey"] = "DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId",
    }.Select(q => $"('{q.Key}', $q${q.Value}$q$)"))
        + "\nON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;";

    // 9: dead letters: sales tills kept because the silo refused them, until the back office books or dismisses them.
    private const string DeadLetters = """
        CREATE TABLE dead_letters (
            store_id              text NOT NULL,
            terminal_id           text NOT NULL,
            business_day          text NOT NULL,          -- yyyy-MM-dd, the till's
            receipt_id            text NOT NULL,
            card_id               text NOT NULL,
            amount                numeric(19, 4) NOT NULL,
            lines                 text,                   -- JSON, as the till sent them
            occurred_at           text NOT NULL,          -- the till's time as rung up, ISO 8601 with its offset
            reason_code           text NOT NULL,          -- the terminal's reason: tillClockSkew, unknownCard, invalid, error, ...
            message               text NOT NULL,
            since_utc             timestamptz NOT NULL,   -- when the till set it aside
            attempts              integer NOT NULL,
            clock_skew_ms         bigint,                 -- the till's clock minus the cluster's, when that is why
            reported_utc          timestamptz NOT NULL,
            status                text NOT NULL,          -- Open, Booking, Booked, Dismissed
            corrected_card_id     text,
            corrected_amount      numeric(19, 4),
            corrected_occurred_at text,
            resolved_by           text,
            resolved_utc          timestamptz,
            resolution_note       text,
            points_earned         bigint,
            PRIMARY KEY (store_id, terminal_id, business_day, receipt_id)
        );
        CREATE INDEX dead_letters_store ON dead_letters (store_id, status, since_utc);
        """;
}
