--
-- PostgreSQL database dump
--

\restrict VmQXourGdUXRCeYi27r0ZV8yUfd2XTPQWhXEe5yTNZFi7RnQZQHhynl9ZER6AYQ

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: retention_insert_member(text, text, integer, integer, text, text, integer, integer, timestamp with time zone, timestamp with time zone, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.retention_insert_member(p_deployment text, p_address text, p_port integer, p_generation integer, p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer, p_start timestamp with time zone, p_alive timestamp with time zone, p_version integer) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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
END $$;


--
-- Name: retention_update_member(text, text, integer, integer, integer, text, timestamp with time zone, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.retention_update_member(p_deployment text, p_address text, p_port integer, p_generation integer, p_status integer, p_suspect_times text, p_alive timestamp with time zone, p_version integer) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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
END $$;


--
-- Name: retention_write_state(integer, bigint, bigint, integer, text, text, text, integer, bytea); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.retention_write_state(p_id_hash integer, p_n0 bigint, p_n1 bigint, p_type_hash integer, p_type text, p_extension text, p_service text, p_version integer, p_payload bytea) RETURNS integer
    LANGUAGE plpgsql
    AS $$
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
END $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: customers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customers (
    customer_id text NOT NULL,
    version integer NOT NULL,
    display_name text NOT NULL,
    email text,
    phone text,
    enrolled_at timestamp with time zone NOT NULL,
    document text NOT NULL
);


--
-- Name: ledger; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ledger (
    customer_id text NOT NULL,
    seq bigint NOT NULL,
    kind text NOT NULL,
    points bigint NOT NULL,
    amount numeric(19,4) NOT NULL,
    balance_after bigint NOT NULL,
    idempotency_key text NOT NULL,
    store_id text,
    terminal_id text,
    receipt_id text,
    card_id text,
    refers_to text,
    occurred_at text NOT NULL,
    occurred_utc timestamp with time zone NOT NULL,
    recorded_utc timestamp with time zone NOT NULL,
    reason text,
    operator_id text,
    draws text
);


--
-- Name: operations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.operations (
    customer_id text NOT NULL,
    operation_key text NOT NULL,
    result text NOT NULL,
    recorded_utc timestamp with time zone NOT NULL
);


--
-- Name: orleansmembershiptable; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orleansmembershiptable (
    deploymentid character varying(150) NOT NULL,
    address character varying(45) NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    siloname character varying(150) NOT NULL,
    hostname character varying(150) NOT NULL,
    status integer NOT NULL,
    proxyport integer,
    suspecttimes character varying(8000),
    starttime timestamp(3) with time zone NOT NULL,
    iamalivetime timestamp(3) with time zone NOT NULL
);


--
-- Name: orleansmembershipversiontable; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orleansmembershipversiontable (
    deploymentid character varying(150) NOT NULL,
    "timestamp" timestamp(3) with time zone DEFAULT now() NOT NULL,
    version integer DEFAULT 0 NOT NULL
);


--
-- Name: orleansquery; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orleansquery (
    querykey character varying(64) NOT NULL,
    querytext character varying(8000) NOT NULL
);


--
-- Name: orleansreminderstable; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orleansreminderstable (
    serviceid character varying(150) NOT NULL,
    grainid character varying(512) NOT NULL,
    remindername character varying(150) NOT NULL,
    starttime timestamp(3) with time zone NOT NULL,
    period bigint NOT NULL,
    grainhash integer NOT NULL,
    version integer NOT NULL
);


--
-- Name: orleansstorage; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orleansstorage (
    grainidhash integer NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    graintypehash integer NOT NULL,
    graintypestring character varying(512) NOT NULL,
    grainidextensionstring character varying(512),
    serviceid character varying(150) NOT NULL,
    payloadbinary bytea,
    modifiedon timestamp with time zone DEFAULT now() NOT NULL,
    version integer
);


--
-- Name: retention_schema; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.retention_schema (
    version integer NOT NULL
);


--
-- Data for Name: customers; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.customers (customer_id, version, display_name, email, phone, enrolled_at, document) VALUES ('golden-ann', 4, 'Ann Golden', NULL, NULL, '2026-11-20 12:00:00+00', '{"profile":{"displayName":"Ann Golden","email":null,"phone":null,"birthday":null,"marketingConsent":false},"enrolledAt":"2026-11-20T12:00:00+00:00","cards":["mag:6012345678901"],"version":4,"tier":null,"stamps":{"coffee-card":2},"coupons":["CDSRB726FH5"],"referredBy":null,"friendBonusGiven":false,"feedback":[],"limitBreaches":[]}');
INSERT INTO public.customers (customer_id, version, display_name, email, phone, enrolled_at, document) VALUES ('golden-bob', 3, 'Bob Golden', NULL, NULL, '2026-11-20 12:00:00+00', '{"profile":{"displayName":"Bob Golden","email":null,"phone":null,"birthday":null,"marketingConsent":false},"enrolledAt":"2026-11-20T12:00:00+00:00","cards":["mag:6012345678902"],"version":3,"tier":null,"stamps":{"coffee-card":0},"coupons":[],"referredBy":null,"friendBonusGiven":false,"feedback":[],"limitBreaches":[]}');


--
-- Data for Name: ledger; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, occurred_utc, recorded_utc, reason, operator_id, draws) VALUES ('golden-ann', 1, 'Purchase', 60, 50.0000, 60, 'store-1/1/purchase', 'store-1', 'till-1', '1', 'mag:6012345678901', NULL, '2026-11-19T18:00:00.0000000+01:00', '2026-11-19 17:00:00+00', '2026-11-20 12:00:00+00', NULL, NULL, NULL);
INSERT INTO public.ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, occurred_utc, recorded_utc, reason, operator_id, draws) VALUES ('golden-ann', 2, 'Bonus', 10, 0.0000, 70, 'store-1/1/bonus/campaign-golden-spend', 'store-1', 'till-1', '1', 'mag:6012345678901', NULL, '2026-11-19T18:00:00.0000000+01:00', '2026-11-19 17:00:00+00', '2026-11-20 12:00:00+00', 'campaign-golden-spend', NULL, NULL);
INSERT INTO public.ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, occurred_utc, recorded_utc, reason, operator_id, draws) VALUES ('golden-ann', 3, 'Purchase', 30, 30.0000, 100, 'store-1/2/purchase', 'store-1', 'till-2', '2', 'mag:6012345678901', NULL, '2026-11-20T00:30:00.0000000+01:00', '2026-11-19 23:30:00+00', '2026-11-20 12:00:00+00', NULL, NULL, NULL);
INSERT INTO public.ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, occurred_utc, recorded_utc, reason, operator_id, draws) VALUES ('golden-ann', 4, 'Bonus', 10, 0.0000, 110, 'store-1/2/bonus/campaign-golden-spend', 'store-1', 'till-2', '2', 'mag:6012345678901', NULL, '2026-11-20T00:30:00.0000000+01:00', '2026-11-19 23:30:00+00', '2026-11-20 12:00:00+00', 'campaign-golden-spend', NULL, NULL);
INSERT INTO public.ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, occurred_utc, recorded_utc, reason, operator_id, draws) VALUES ('golden-ann', 5, 'Redemption', -20, 0.2000, 90, 'store-1/2/redemption', 'store-1', 'till-2', '2', 'mag:6012345678901', NULL, '2026-11-20T00:31:00.0000000+01:00', '2026-11-19 23:31:00+00', '2026-11-20 12:00:00+00', NULL, NULL, '[[1,20]]');
INSERT INTO public.ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, occurred_utc, recorded_utc, reason, operator_id, draws) VALUES ('golden-ann', 6, 'Refund', -24, 20.0000, 66, 'store-1/R-1/refund', 'store-1', 'till-1', 'R-1', 'mag:6012345678901', 'store-1/1', '2026-11-20T11:00:00.0000000+01:00', '2026-11-20 10:00:00+00', '2026-11-20 12:00:00+00', NULL, NULL, '[[1,24]]');
INSERT INTO public.ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, occurred_utc, recorded_utc, reason, operator_id, draws) VALUES ('golden-ann', 7, 'Adjustment', 5, 0.0000, 71, 'adjustment/CASE-7', NULL, NULL, 'CASE-7', NULL, NULL, '2026-11-20T12:00:00.0000000+00:00', '2026-11-20 12:00:00+00', '2026-11-20 12:00:00+00', 'Goodwill', 'op-golden', NULL);
INSERT INTO public.ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, occurred_utc, recorded_utc, reason, operator_id, draws) VALUES ('golden-ann', 8, 'Redemption', -50, 0.5000, 21, 'rewards/claim-1/redemption', 'rewards', 'catalogue', 'claim-1', NULL, NULL, '2026-11-20T12:00:00.0000000+00:00', '2026-11-20 12:00:00+00', '2026-11-20 12:00:00+00', NULL, NULL, '[[1,16],[2,10],[3,24]]');
INSERT INTO public.ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, occurred_utc, recorded_utc, reason, operator_id, draws) VALUES ('golden-bob', 1, 'Purchase', 25, 25.0000, 25, 'store-2/1/purchase', 'store-2', 'till-1', '1', 'mag:6012345678902', NULL, '2026-11-19T10:00:00.0000000+00:00', '2026-11-19 10:00:00+00', '2026-11-20 12:00:00+00', NULL, NULL, NULL);
INSERT INTO public.ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, occurred_utc, recorded_utc, reason, operator_id, draws) VALUES ('golden-bob', 2, 'Bonus', 10, 0.0000, 35, 'store-2/1/bonus/campaign-golden-spend', 'store-2', 'till-1', '1', 'mag:6012345678902', NULL, '2026-11-19T10:00:00.0000000+00:00', '2026-11-19 10:00:00+00', '2026-11-20 12:00:00+00', 'campaign-golden-spend', NULL, NULL);
INSERT INTO public.ledger (customer_id, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, occurred_utc, recorded_utc, reason, operator_id, draws) VALUES ('golden-bob', 3, 'Purchase', 10, 10.0000, 45, 'store-2/2/purchase', 'store-2', 'till-1', '2', 'mag:6012345678902', NULL, '2026-11-19T10:05:00.0000000+00:00', '2026-11-19 10:05:00+00', '2026-11-20 12:00:00+00', NULL, NULL, NULL);


--
-- Data for Name: operations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.operations (customer_id, operation_key, result, recorded_utc) VALUES ('golden-ann', 'store-1/1/purchase', '{"pointsEarned":60,"balance":70,"unlocked":[],"declined":null,"replayed":false,"isAccepted":true,"tier":null,"tierUpgraded":false,"discountPercent":0,"discountAmount":0,"bonusPoints":10,"campaignsApplied":["10 points over 20 EUR"],"stamps":{"coffee-card":2},"couponsIssued":[],"pendingUntil":null}', '2026-12-03 13:36:42.183521+00');
INSERT INTO public.operations (customer_id, operation_key, result, recorded_utc) VALUES ('golden-ann', 'store-1/2/purchase', '{"pointsEarned":30,"balance":110,"unlocked":[],"declined":null,"replayed":false,"isAccepted":true,"tier":null,"tierUpgraded":false,"discountPercent":0,"discountAmount":0,"bonusPoints":10,"campaignsApplied":["10 points over 20 EUR"],"stamps":{"coffee-card":2},"couponsIssued":[],"pendingUntil":null}', '2026-12-03 13:36:42.193661+00');
INSERT INTO public.operations (customer_id, operation_key, result, recorded_utc) VALUES ('golden-ann', 'store-1/2/redemption', '{"pointsRedeemed":20,"value":0.20,"balance":90,"declined":null,"replayed":false,"isAccepted":true}', '2026-12-03 13:36:42.200558+00');
INSERT INTO public.operations (customer_id, operation_key, result, recorded_utc) VALUES ('golden-ann', 'store-1/R-1/refund', '{"pointsReversed":24,"pointsReturned":0,"pointsNotRecovered":0,"balance":66,"declined":null,"replayed":false,"isAccepted":true}', '2026-12-03 13:36:42.209268+00');
INSERT INTO public.operations (customer_id, operation_key, result, recorded_utc) VALUES ('golden-ann', 'adjustment/CASE-7', '{"points":5,"balance":71,"declined":null,"replayed":false,"isAccepted":true}', '2026-12-03 13:36:42.221278+00');
INSERT INTO public.operations (customer_id, operation_key, result, recorded_utc) VALUES ('golden-ann', 'reward/claim-1', '{"coupon":{"code":"CDSRB726FH5","kind":"FreeItem","description":"A free cake","value":0,"customerId":"golden-ann","source":"reward cake","issuedAt":"2026-11-20T12:00:00+00:00","expiresAt":"2027-02-18T12:00:00+00:00","redeemedAt":null,"redeemedReceipt":null},"pointsSpent":50,"balance":21,"declined":null,"replayed":false,"isAccepted":true}', '2026-12-03 13:36:42.249665+00');
INSERT INTO public.operations (customer_id, operation_key, result, recorded_utc) VALUES ('golden-bob', 'store-2/1/purchase', '{"pointsEarned":25,"balance":35,"unlocked":[],"declined":null,"replayed":false,"isAccepted":true,"tier":null,"tierUpgraded":false,"discountPercent":0,"discountAmount":0,"bonusPoints":10,"campaignsApplied":["10 points over 20 EUR"],"stamps":{"coffee-card":0},"couponsIssued":[],"pendingUntil":null}', '2026-12-03 13:36:42.263249+00');
INSERT INTO public.operations (customer_id, operation_key, result, recorded_utc) VALUES ('golden-bob', 'store-2/2/purchase', '{"pointsEarned":10,"balance":45,"unlocked":[],"declined":null,"replayed":false,"isAccepted":true,"tier":null,"tierUpgraded":false,"discountPercent":0,"discountAmount":0,"bonusPoints":0,"campaignsApplied":[],"stamps":{"coffee-card":0},"couponsIssued":[],"pendingUntil":null}', '2026-12-03 13:36:42.266091+00');


--
-- Data for Name: orleansquery; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.orleansquery (querykey, querytext) VALUES ('InsertMembershipVersionKey', 'WITH inserted AS (
    INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1)
SELECT count(*) FROM inserted');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('MembershipReadAllKey', 'SELECT v.deploymentid, m.address AS Address, m.port AS Port, m.generation AS Generation, m.siloname AS SiloName, m.hostname AS HostName,
m.status AS Status, m.proxyport AS ProxyPort, m.suspecttimes AS SuspectTimes, m.starttime AS StartTime,
m.iamalivetime AS IAmAliveTime, v.version AS Version
FROM orleansmembershipversiontable v LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('MembershipReadRowKey', 'SELECT v.deploymentid, m.address AS Address, m.port AS Port, m.generation AS Generation, m.siloname AS SiloName, m.hostname AS HostName,
m.status AS Status, m.proxyport AS ProxyPort, m.suspecttimes AS SuspectTimes, m.starttime AS StartTime,
m.iamalivetime AS IAmAliveTime, v.version AS Version
FROM orleansmembershipversiontable v LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
    AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('InsertMembershipKey', 'SELECT retention_insert_member(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
    @StartTime, @IAmAliveTime, @Version)');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('UpdateMembershipKey', 'SELECT retention_update_member(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version)');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('UpdateIAmAlivetimeKey', 'UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('GatewaysQueryKey', 'SELECT address AS Address, proxyport AS ProxyPort, generation AS Generation FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('DeleteMembershipTableEntriesKey', 'DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('CleanupDefunctSiloEntriesKey', 'DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('ReadFromStorageKey', 'SELECT payloadbinary AS PayloadBinary, version AS Version FROM orleansstorage WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1 AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('WriteToStorageKey', 'SELECT retention_write_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
    @ServiceId, @GrainStateVersion, @PayloadBinary) AS NewGrainStateVersion');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('ClearStorageKey', 'UPDATE orleansstorage SET payloadbinary = NULL, version = version + 1, modifiedon = now()
WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1 AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString AND version = @GrainStateVersion
RETURNING version');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('DeleteStorageKey', 'DELETE FROM orleansstorage WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1 AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString AND version = @GrainStateVersion RETURNING version + 1');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('UpsertReminderRowKey', 'INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
SET starttime = excluded.starttime, period = excluded.period, grainhash = excluded.grainhash,
    version = orleansreminderstable.version + 1
RETURNING version AS Version');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('ReadReminderRowsKey', 'SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version FROM orleansreminderstable WHERE serviceid = @ServiceId AND grainid = @GrainId');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('ReadReminderRowKey', 'SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('ReadRangeRows1Key', 'SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('ReadRangeRows2Key', 'SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime, period AS Period, version AS Version FROM orleansreminderstable
WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash)');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('DeleteReminderRowKey', 'WITH deleted AS (
    DELETE FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
    RETURNING 1)
SELECT count(*) FROM deleted');
INSERT INTO public.orleansquery (querykey, querytext) VALUES ('DeleteReminderRowsKey', 'DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId');


--
-- Data for Name: orleansreminderstable; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version) VALUES ('retention', 'customer/golden-ann', 'maintenance', '2026-12-04 13:36:42.033+00', 86400000, 600537522, 0);
INSERT INTO public.orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version) VALUES ('retention', 'customer/golden-bob', 'maintenance', '2026-12-04 13:36:42.137+00', 86400000, 1078893323, 0);


--
-- Data for Name: orleansstorage; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version) VALUES (-1553497282, 0, 0, -854849358, 'program', 'default', 'retention', '\x7b2273657474696e6773223a7b2263757272656e6379223a22455552222c22706f696e747350657243757272656e6379556e6974223a312c2263617465676f72794d756c7469706c69657273223a7b22636f66666565223a327d2c226d696e696d756d5370656e64223a302c22726564656d7074696f6e56616c7565506572506f696e74223a302e30312c226d6178696d756d5075726368617365416d6f756e74223a353030302c227469657273223a5b5d2c22746965725265766965774d6f6e746873223a31322c22646973636f756e7450657263656e74223a302c22706f696e74734578706972794d6f6e746873223a302c227374616d704361726473223a5b7b226964223a22636f666665652d63617264222c226e616d65223a22436f666665652063617264222c22736b75223a6e756c6c2c2263617465676f7279223a22636f66666565222c227374616d70734e6565646564223a362c22726577617264223a2241206672656520636f66666565227d5d2c2272657761726473223a5b7b226964223a2263616b65222c226e616d65223a224120667265652063616b65222c22706f696e7473436f7374223a35302c226b696e64223a22467265654974656d222c2276616c7565223a307d5d2c2263616d706169676e73223a5b7b226964223a22676f6c64656e2d7370656e64222c226e616d65223a22313020706f696e7473206f76657220323020455552222c226b696e64223a225370656e64426f6e7573222c22737461727473223a22323032362d30312d30315430303a30303a30302b30303a3030222c22656e6473223a22323032382d30312d30315430303a30303a30302b30303a3030222c2263617465676f7279223a6e756c6c2c226d756c7469706c696572223a312c227468726573686f6c64223a32302c22626f6e7573506f696e7473223a31302c2267696674223a6e756c6c2c22706f696e7473427564676574223a313030302c226769667453746f636b223a302c226d696e696d756d54696572223a6e756c6c7d5d2c227265666572726572426f6e7573223a302c22667269656e64426f6e7573223a302c22726566657272616c4d696e696d756d5075726368617365223a302c226269727468646179426f6e7573223a302c2270656e64696e6744617973223a302c226d61784163637275616c7350657243617264506572486f7572223a302c226d6178506f696e7473506572446179223a302c2261646a7573746d656e74417070726f76616c5468726573686f6c64223a302c22636f75706f6e56616c696469747944617973223a39302c22636172644e756d62657252616e676573223a5b5d7d2c2276657273696f6e223a322c22757064617465644174223a22323032362d31312d31385430393a30303a30302b30303a3030222c22757064617465644279223a226f702d676f6c64656e222c22686973746f7279223a5b7b2273657474696e6773223a7b2263757272656e6379223a22455552222c22706f696e747350657243757272656e6379556e6974223a312c2263617465676f72794d756c7469706c69657273223a7b22636f66666565223a322c22746f626163636f223a307d2c226d696e696d756d5370656e64223a312c22726564656d7074696f6e56616c7565506572506f696e74223a302e30312c226d6178696d756d5075726368617365416d6f756e74223a353030302c227469657273223a5b5d2c22746965725265766965774d6f6e746873223a31322c22646973636f756e7450657263656e74223a302c22706f696e74734578706972794d6f6e746873223a302c227374616d704361726473223a5b5d2c2272657761726473223a5b5d2c2263616d706169676e73223a5b5d2c227265666572726572426f6e7573223a302c22667269656e64426f6e7573223a302c22726566657272616c4d696e696d756d5075726368617365223a302c226269727468646179426f6e7573223a302c2270656e64696e6744617973223a302c226d61784163637275616c7350657243617264506572486f7572223a302c226d6178506f696e7473506572446179223a302c2261646a7573746d656e74417070726f76616c5468726573686f6c64223a302c22636f75706f6e56616c696469747944617973223a39302c22636172644e756d62657252616e676573223a5b5d7d2c2276657273696f6e223a312c22757064617465644174223a22323032362d31312d31385430393a30303a30302b30303a3030222c22757064617465644279223a22746573742d7365747570222c2265666665637469766546726f6d223a22323032362d31312d31385430393a30303a30302b30303a3030227d2c7b2273657474696e6773223a7b2263757272656e6379223a22455552222c22706f696e747350657243757272656e6379556e6974223a312c2263617465676f72794d756c7469706c69657273223a7b22636f66666565223a327d2c226d696e696d756d5370656e64223a302c22726564656d7074696f6e56616c7565506572506f696e74223a302e30312c226d6178696d756d5075726368617365416d6f756e74223a353030302c227469657273223a5b5d2c22746965725265766965774d6f6e746873223a31322c22646973636f756e7450657263656e74223a302c22706f696e74734578706972794d6f6e746873223a302c227374616d704361726473223a5b7b226964223a22636f666665652d63617264222c226e616d65223a22436f666665652063617264222c22736b75223a6e756c6c2c2263617465676f7279223a22636f66666565222c227374616d70734e6565646564223a362c22726577617264223a2241206672656520636f66666565227d5d2c2272657761726473223a5b7b226964223a2263616b65222c226e616d65223a224120667265652063616b65222c22706f696e7473436f7374223a35302c226b696e64223a22467265654974656d222c2276616c7565223a307d5d2c2263616d706169676e73223a5b7b226964223a22676f6c64656e2d7370656e64222c226e616d65223a22313020706f696e7473206f76657220323020455552222c226b696e64223a225370656e64426f6e7573222c22737461727473223a22323032362d30312d30315430303a30303a30302b30303a3030222c22656e6473223a22323032382d30312d30315430303a30303a30302b30303a3030222c2263617465676f7279223a6e756c6c2c226d756c7469706c696572223a312c227468726573686f6c64223a32302c22626f6e7573506f696e7473223a31302c2267696674223a6e756c6c2c22706f696e7473427564676574223a313030302c226769667453746f636b223a302c226d696e696d756d54696572223a6e756c6c7d5d2c227265666572726572426f6e7573223a302c22667269656e64426f6e7573223a302c22726566657272616c4d696e696d756d5075726368617365223a302c226269727468646179426f6e7573223a302c2270656e64696e6744617973223a302c226d61784163637275616c7350657243617264506572486f7572223a302c226d6178506f696e7473506572446179223a302c2261646a7573746d656e74417070726f76616c5468726573686f6c64223a302c22636f75706f6e56616c696469747944617973223a39302c22636172644e756d62657252616e676573223a5b5d7d2c2276657273696f6e223a322c22757064617465644174223a22323032362d31312d31385430393a30303a30302b30303a3030222c22757064617465644279223a226f702d676f6c64656e222c2265666665637469766546726f6d223a22323032362d31312d31385430393a30303a30302b30303a3030227d5d7d', '2026-12-03 13:36:41.948167+00', 2);
INSERT INTO public.orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version) VALUES (489739022, 0, 0, 446667778, 'referral', 'REAWZPQS7', 'retention', '\x7b22637573746f6d65724964223a22676f6c64656e2d616e6e227d', '2026-12-03 13:36:42.021297+00', 1);
INSERT INTO public.orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version) VALUES (-905205046, 0, 0, 695693023, 'card', 'mag:6012345678901', 'retention', '\x7b22737461747573223a22416374697665222c22637573746f6d65724964223a22676f6c64656e2d616e6e222c227265706c616365644279223a6e756c6c2c22626c6f636b526561736f6e223a6e756c6c2c226368616e6765644174223a22323032362d31312d32305431323a30303a30302b30303a3030227d', '2026-12-03 13:36:42.080625+00', 1);
INSERT INTO public.orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version) VALUES (223936214, 0, 0, 446667778, 'referral', 'RRBBBWS8X', 'retention', '\x7b22637573746f6d65724964223a22676f6c64656e2d626f62227d', '2026-12-03 13:36:42.132494+00', 1);
INSERT INTO public.orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version) VALUES (527061234, 0, 0, 695693023, 'card', 'mag:6012345678902', 'retention', '\x7b22737461747573223a22416374697665222c22637573746f6d65724964223a22676f6c64656e2d626f62222c227265706c616365644279223a6e756c6c2c22626c6f636b526561736f6e223a6e756c6c2c226368616e6765644174223a22323032362d31312d32305431323a30303a30302b30303a3030227d', '2026-12-03 13:36:42.152589+00', 1);
INSERT INTO public.orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version) VALUES (1357737198, 0, 0, -1329439004, 'coupon', 'CDSRB726FH5', 'retention', '\x7b22636f75706f6e223a7b22636f6465223a224344535242373236464835222c226b696e64223a22467265654974656d222c226465736372697074696f6e223a224120667265652063616b65222c2276616c7565223a302c22637573746f6d65724964223a22676f6c64656e2d616e6e222c22736f75726365223a227265776172642063616b65222c226973737565644174223a22323032362d31312d32305431323a30303a30302b30303a3030222c22657870697265734174223a22323032372d30322d31385431323a30303a30302b30303a3030222c2272656465656d65644174223a6e756c6c2c2272656465656d656452656365697074223a6e756c6c7d7d', '2026-12-03 13:36:42.232677+00', 1);
INSERT INTO public.orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version) VALUES (342970859, 0, 0, -1805695470, 'campaign', 'golden-spend', 'retention', '\x7b22676976656e223a33302c226772616e7473223a7b22676f6c64656e2d616e6e2f73746f72652d312f31223a31302c22676f6c64656e2d616e6e2f73746f72652d312f32223a31302c22676f6c64656e2d626f622f73746f72652d322f31223a31307d7d', '2026-12-03 13:36:42.255313+00', 3);


--
-- Data for Name: retention_schema; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.retention_schema (version) VALUES (4);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (customer_id);


--
-- Name: ledger ledger_customer_id_idempotency_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger
    ADD CONSTRAINT ledger_customer_id_idempotency_key_key UNIQUE (customer_id, idempotency_key);


--
-- Name: ledger ledger_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger
    ADD CONSTRAINT ledger_pkey PRIMARY KEY (customer_id, seq);


--
-- Name: operations operations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.operations
    ADD CONSTRAINT operations_pkey PRIMARY KEY (customer_id, operation_key);


--
-- Name: orleansmembershiptable orleansmembershiptable_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orleansmembershiptable
    ADD CONSTRAINT orleansmembershiptable_pkey PRIMARY KEY (deploymentid, address, port, generation);


--
-- Name: orleansmembershipversiontable orleansmembershipversiontable_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orleansmembershipversiontable
    ADD CONSTRAINT orleansmembershipversiontable_pkey PRIMARY KEY (deploymentid);


--
-- Name: orleansquery orleansquery_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orleansquery
    ADD CONSTRAINT orleansquery_pkey PRIMARY KEY (querykey);


--
-- Name: orleansreminderstable orleansreminderstable_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orleansreminderstable
    ADD CONSTRAINT orleansreminderstable_pkey PRIMARY KEY (serviceid, grainid, remindername);


--
-- Name: customers_email; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX customers_email ON public.customers USING btree (email);


--
-- Name: customers_phone; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX customers_phone ON public.customers USING btree (phone);


--
-- Name: ledger_occurred; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ledger_occurred ON public.ledger USING btree (occurred_utc);


--
-- Name: orleansreminders_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orleansreminders_hash ON public.orleansreminderstable USING btree (serviceid, grainhash);


--
-- Name: orleansstorage_grain; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX orleansstorage_grain ON public.orleansstorage USING btree (grainidhash, graintypehash, serviceid, graintypestring, grainidn0, grainidn1, COALESCE(grainidextensionstring, ''::character varying));


--
-- Name: orleansmembershiptable orleansmembershiptable_deploymentid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orleansmembershiptable
    ADD CONSTRAINT orleansmembershiptable_deploymentid_fkey FOREIGN KEY (deploymentid) REFERENCES public.orleansmembershipversiontable(deploymentid);


--
-- PostgreSQL database dump complete
--

\unrestrict VmQXourGdUXRCeYi27r0ZV8yUfd2XTPQWhXEe5yTNZFi7RnQZQHhynl9ZER6AYQ

