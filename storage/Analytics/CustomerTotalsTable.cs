namespace RetentionActors.Storage.Analytics;

/// <summary>
/// The schema step that keeps each customer's purchase totals in a table of their own (first and last purchase, number of
/// purchases, net spend: purchases less refunds, a refund lowering spend whichever way its amount is signed), so the back
/// office reads one row per customer instead of grouping the whole ledger on every call. Triggers on the ledger keep it
/// exact in the transaction of every ledger write, whoever writes (grains, imports, bulk COPY), and the step fills it from
/// the ledger already there. Only purchases and refunds move the totals; a customer without either has no row.
/// </summary>
internal static class CustomerTotalsTable
{
    // The totals of the ledger rows a WHERE clause after it picks, into the table: the back-fill and every recount share it.
    private const string PostgresCount = """
        INSERT INTO customer_totals (customer_id, first_purchase_utc, last_purchase_utc, purchases, spend)
        SELECT customer_id, MIN(CASE WHEN kind = 'Purchase' THEN occurred_utc END), MAX(CASE WHEN kind = 'Purchase' THEN occurred_utc END),
               SUM(CASE WHEN kind = 'Purchase' THEN 1 ELSE 0 END), SUM(CASE WHEN kind = 'Purchase' THEN amount ELSE -ABS(amount) END)
        FROM ledger
        """;

    private const string SqliteCount = """
        INSERT INTO customer_totals (customer_id, first_purchase_utc, last_purchase_utc, purchases, spend_units)
        SELECT customer_id, MIN(CASE WHEN kind = 'Purchase' THEN occurred_utc END), MAX(CASE WHEN kind = 'Purchase' THEN occurred_utc END),
               SUM(CASE WHEN kind = 'Purchase' THEN 1 ELSE 0 END),
               SUM(CAST(ROUND(CASE WHEN kind = 'Purchase' THEN amount ELSE -ABS(amount) END * 10000) AS INTEGER))
        FROM ledger
        """;

    /// <summary>Every customer's totals from the ledger, into the (empty) table: the step's back-fill, and a bulk load's.</summary>
    public const string PostgresBackFill = $"{PostgresCount} WHERE kind IN ('Purchase', 'Refund') GROUP BY customer_id";

    // An insert adds to the customer's row. An update of what the totals depend on, or a delete (the ledger is
    // append-only today: only the personal-data scrub updates it, and only reason), recounts the customers it touched from
    // their ledger rows, since a minimum or maximum cannot be taken back.
    public const string Postgres = $"""
        CREATE TABLE customer_totals (
            customer_id        text PRIMARY KEY,
            first_purchase_utc timestamptz,
            last_purchase_utc  timestamptz,
            purchases          bigint NOT NULL,
            spend              numeric NOT NULL  -- the exact sum of the ledger's numeric(19, 4) amounts
        );
        {PostgresBackFill};
        CREATE INDEX customer_totals_first ON customer_totals (first_purchase_utc) WHERE first_purchase_utc IS NOT NULL;
        CREATE INDEX customer_totals_recency ON customer_totals (last_purchase_utc, customer_id) WHERE last_purchase_utc IS NOT NULL;
        CREATE INDEX customer_totals_spend ON customer_totals (spend DESC, customer_id) WHERE last_purchase_utc IS NOT NULL;
        CREATE INDEX customer_totals_purchases ON customer_totals (purchases) WHERE last_purchase_utc IS NOT NULL;

        CREATE FUNCTION retention_recount_customer_totals(customer text) RETURNS void LANGUAGE plpgsql AS $fn$
        BEGIN
            DELETE FROM customer_totals WHERE customer_id = customer;
            {PostgresCount} WHERE customer_id = customer AND kind IN ('Purchase', 'Refund') GROUP BY customer_id;
        END
        $fn$;

        CREATE FUNCTION retention_customer_totals_added() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF NEW.kind IN ('Purchase', 'Refund') THEN
                INSERT INTO customer_totals AS t (customer_id, first_purchase_utc, last_purchase_utc, purchases, spend)
                VALUES (NEW.customer_id,
                        CASE WHEN NEW.kind = 'Purchase' THEN NEW.occurred_utc END, CASE WHEN NEW.kind = 'Purchase' THEN NEW.occurred_utc END,
                        CASE WHEN NEW.kind = 'Purchase' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'Purchase' THEN NEW.amount ELSE -ABS(NEW.amount) END)
                ON CONFLICT (customer_id) DO UPDATE SET
                    first_purchase_utc = LEAST(t.first_purchase_utc, EXCLUDED.first_purchase_utc),  -- LEAST and GREATEST skip nulls
                    last_purchase_utc = GREATEST(t.last_purchase_utc, EXCLUDED.last_purchase_utc),
                    purchases = t.purchases + EXCLUDED.purchases,
                    spend = t.spend + EXCLUDED.spend;
            END IF;
            RETURN NULL;
        END
        $fn$;

        CREATE FUNCTION retention_customer_totals_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            PERFORM retention_recount_customer_totals(OLD.customer_id);
            IF TG_OP = 'UPDATE' AND NEW.customer_id IS DISTINCT FROM OLD.customer_id THEN
                PERFORM retention_recount_customer_totals(NEW.customer_id);
            END IF;
            RETURN NULL;
        END
        $fn$;

        CREATE TRIGGER customer_totals_added AFTER INSERT ON ledger
            FOR EACH ROW EXECUTE FUNCTION retention_customer_totals_added();
        CREATE TRIGGER customer_totals_updated AFTER UPDATE OF customer_id, kind, amount, occurred_utc ON ledger
            FOR EACH ROW EXECUTE FUNCTION retention_customer_totals_changed();
        CREATE TRIGGER customer_totals_deleted AFTER DELETE ON ledger
            FOR EACH ROW EXECUTE FUNCTION retention_customer_totals_changed();
        """;

    // SQLite sums amounts as floating point, so the spend is kept as a whole number of ten-thousandths (amounts have at
    // most four decimals): exact, and ordered as the rounded sums were. Its scalar min and max give null when either side
    // is null, hence the coalesce.
    public const string Sqlite = $"""
        CREATE TABLE customer_totals (
            customer_id        TEXT PRIMARY KEY,
            first_purchase_utc TEXT,
            last_purchase_utc  TEXT,
            purchases          INTEGER NOT NULL,
            spend_units        INTEGER NOT NULL  -- net spend × 10,000
        ) WITHOUT ROWID;
        {SqliteCount} WHERE kind IN ('Purchase', 'Refund') GROUP BY customer_id;
        CREATE INDEX customer_totals_first ON customer_totals (first_purchase_utc) WHERE first_purchase_utc IS NOT NULL;
        CREATE INDEX customer_totals_recency ON customer_totals (last_purchase_utc, customer_id) WHERE last_purchase_utc IS NOT NULL;
        CREATE INDEX customer_totals_spend ON customer_totals (spend_units DESC, customer_id) WHERE last_purchase_utc IS NOT NULL;
        CREATE INDEX customer_totals_purchases ON customer_totals (purchases) WHERE last_purchase_utc IS NOT NULL;

        CREATE TRIGGER customer_totals_added AFTER INSERT ON ledger WHEN NEW.kind IN ('Purchase', 'Refund')
        BEGIN
            INSERT INTO customer_totals (customer_id, first_purchase_utc, last_purchase_utc, purchases, spend_units)
            VALUES (NEW.customer_id,
                    CASE WHEN NEW.kind = 'Purchase' THEN NEW.occurred_utc END, CASE WHEN NEW.kind = 'Purchase' THEN NEW.occurred_utc END,
                    CASE WHEN NEW.kind = 'Purchase' THEN 1 ELSE 0 END,
                    CAST(ROUND(CASE WHEN NEW.kind = 'Purchase' THEN NEW.amount ELSE -ABS(NEW.amount) END * 10000) AS INTEGER))
            ON CONFLICT (customer_id) DO UPDATE SET
                first_purchase_utc = COALESCE(MIN(first_purchase_utc, excluded.first_purchase_utc), first_purchase_utc, excluded.first_purchase_utc),
                last_purchase_utc = COALESCE(MAX(last_purchase_utc, excluded.last_purchase_utc), last_purchase_utc, excluded.last_purchase_utc),
                purchases = purchases + excluded.purchases,
                spend_units = spend_units + excluded.spend_units;
        END;

        CREATE TRIGGER customer_totals_updated AFTER UPDATE OF customer_id, kind, amount, occurred_utc ON ledger
        BEGIN
            DELETE FROM customer_totals WHERE customer_id IN (OLD.customer_id, NEW.customer_id);
            {SqliteCount} WHERE customer_id IN (OLD.customer_id, NEW.customer_id) AND kind IN ('Purchase', 'Refund') GROUP BY customer_id;
        END;

        CREATE TRIGGER customer_totals_deleted AFTER DELETE ON ledger
        BEGIN
            DELETE FROM customer_totals WHERE customer_id = OLD.customer_id;
            {SqliteCount} WHERE customer_id = OLD.customer_id AND kind IN ('Purchase', 'Refund') GROUP BY customer_id;
        END;
        """;
}
