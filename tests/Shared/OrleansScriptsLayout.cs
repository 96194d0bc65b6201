namespace RetentionActors.Tests.Shared;

/// <summary>
/// A PostgreSQL database as an operator leaves it after running Orleans' own scripts (main, clustering, persistence,
/// reminders), written here with statements of our own from what the providers' documentation describes: the five
/// tables under the scripts' names and shapes (unquoted, so lower case; no primary key on the storage table), the
/// functions the scripts add next to them, and an <c>OrleansQuery</c> row for every key the three providers read.
/// </summary>
public static class OrleansScriptsLayout
{
    public const string Tables = """
        CREATE TABLE OrleansQuery (QueryKey varchar(64) NOT NULL PRIMARY KEY, QueryText varchar(8000) NOT NULL);
        CREATE TABLE OrleansMembershipVersionTable (
            DeploymentId varchar(150) NOT NULL PRIMARY KEY, Timestamp timestamptz(3) NOT NULL DEFAULT now(), Version integer NOT NULL DEFAULT 0);
        CREATE TABLE OrleansMembershipTable (
            DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
            Address varchar(45) NOT NULL, Port integer NOT NULL, Generation integer NOT NULL,
            SiloName varchar(150) NOT NULL, HostName varchar(150) NOT NULL, Status integer NOT NULL, ProxyPort integer,
            SuspectTimes varchar(8000), StartTime timestamptz(3) NOT NULL, IAmAliveTime timestamptz(3) NOT NULL,
            PRIMARY KEY (DeploymentId, Address, Port, Generation));
        CREATE TABLE OrleansStorage (
            GrainIdHash integer NOT NULL, GrainIdN0 bigint NOT NULL, GrainIdN1 bigint NOT NULL, GrainTypeHash integer NOT NULL,
            GrainTypeString varchar(512) NOT NULL, GrainIdExtensionString varchar(512), ServiceId varchar(150) NOT NULL,
            PayloadBinary bytea, ModifiedOn timestamp NOT NULL, Version integer);
        CREATE INDEX IX_OrleansStorage ON OrleansStorage USING btree (GrainIdHash, GrainTypeHash);
        CREATE TABLE OrleansRemindersTable (
            ServiceId varchar(150) NOT NULL, GrainId varchar(150) NOT NULL, ReminderName varchar(150) NOT NULL,
            StartTime timestamptz(3) NOT NULL, Period bigint NOT NULL, GrainHash integer NOT NULL, Version integer NOT NULL,
            PRIMARY KEY (ServiceId, GrainId, ReminderName));
        """;

    /// <summary>The scripts' function names, with bodies of our own that do what their names say.</summary>
    public static readonly string[] FunctionNames =
        ["update_i_am_alive_time", "insert_membership_version", "insert_membership", "update_membership", "writetostorage", "upsert_reminder_row", "delete_reminder_row"];

    public const string Functions = """
        CREATE FUNCTION update_i_am_alive_time(deployment varchar, addr varchar, prt integer, gen integer, alive timestamptz)
        RETURNS void LANGUAGE sql AS $f$
            UPDATE OrleansMembershipTable SET IAmAliveTime = alive
            WHERE DeploymentId = deployment AND Address = addr AND Port = prt AND Generation = gen $f$;
        CREATE FUNCTION insert_membership_version(deployment varchar) RETURNS integer LANGUAGE sql AS $f$
            WITH added AS (INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (deployment) ON CONFLICT DO NOTHING RETURNING 1)
            SELECT count(*)::integer FROM added $f$;
        CREATE FUNCTION insert_membership(deployment varchar, addr varchar, prt integer, gen integer, silo varchar, host varchar,
            stat integer, proxy integer, started timestamptz, alive timestamptz, expected integer)
        RETURNS integer LANGUAGE plpgsql AS $f$
        BEGIN
            UPDATE OrleansMembershipVersionTable SET Version = Version + 1 WHERE DeploymentId = deployment AND Version = expected;
            IF NOT FOUND THEN RETURN 0; END IF;
            INSERT INTO OrleansMembershipTable VALUES (deployment, addr, prt, gen, silo, host, stat, proxy, NULL, started, alive);
            RETURN 1;
        END $f$;
        CREATE FUNCTION update_membership(deployment varchar, addr varchar, prt integer, gen integer, stat integer,
            suspects varchar, alive timestamptz, expected integer)
        RETURNS integer LANGUAGE plpgsql AS $f$
        BEGIN
            UPDATE OrleansMembershipVersionTable SET Version = Version + 1 WHERE DeploymentId = deployment AND Version = expected;
            IF NOT FOUND THEN RETURN 0; END IF;
            UPDATE OrleansMembershipTable SET Status = stat, SuspectTimes = suspects, IAmAliveTime = alive
            WHERE DeploymentId = deployment AND Address = addr AND Port = prt AND Generation = gen;
            RETURN 1;
        END $f$;
        CREATE FUNCTION writetostorage(idhash integer, n0 bigint, n1 bigint, typehash integer, typename varchar, ext varchar,
            service varchar, expected integer, payload bytea)
        RETURNS TABLE(newgrainstateversion integer) LANGUAGE plpgsql AS $f$
        BEGIN
            UPDATE OrleansStorage SET PayloadBinary = payload, ModifiedOn = now(), Version = Version + 1
            WHERE GrainIdHash = idhash AND GrainTypeHash = typehash AND GrainIdN0 = n0 AND GrainIdN1 = n1 AND ServiceId = service
              AND GrainTypeString = typename AND GrainIdExtensionString IS NOT DISTINCT FROM ext AND Version = expected;
            IF NOT FOUND AND expected IS NULL THEN
                INSERT INTO OrleansStorage VALUES (idhash, n0, n1, typehash, typename, ext, service, payload, now(), 1);
                RETURN QUERY SELECT 1;
            ELSIF FOUND THEN
                RETURN QUERY SELECT expected + 1;
            ELSE
                RETURN QUERY SELECT expected;
            END IF;
        END $f$;
        CREATE FUNCTION upsert_reminder_row(service varchar, hash integer, grain varchar, reminder varchar, started timestamptz, every bigint)
        RETURNS TABLE(version integer) LANGUAGE sql AS $f$
            INSERT INTO OrleansRemindersTable VALUES (service, grain, reminder, started, every, hash, 0)
            ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
            SET StartTime = started, Period = every, GrainHash = hash, Version = OrleansRemindersTable.Version + 1
            RETURNING OrleansRemindersTable.Version $f$;
        CREATE FUNCTION delete_reminder_row(service varchar, grain varchar, reminder varchar, expected integer)
        RETURNS integer LANGUAGE sql AS $f$
            WITH gone AS (DELETE FROM OrleansRemindersTable
                WHERE ServiceId = service AND GrainId = grain AND ReminderName = reminder AND Version = expected RETURNING 1)
            SELECT count(*)::integer FROM gone $f$;
        """;

    /// <summary>Every key the clustering, persistence and reminder providers look up, as the scripts register them.</summary>
    public static readonly string[] QueryKeys =
    [
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "MembershipReadRowKey",
        "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "CleanupDefunctSiloEntriesKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    /// <summary>
    /// The rows: each a query text of the scripts' kind (most call the functions above), marked so a test can tell
    /// whether it was kept or replaced.
    /// </summary>
    public static string Queries => "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES\n" +
        string.Join(",\n", QueryKeys.Select(key => $"('{key}', '-- prepared by the operator: {key}\n{QueryText(key)}')")) + ";";

    /// <summary>Tables, functions, query rows, and the version row the clustering script's first silo would insert.</summary>
    public static string All => Tables + Functions + Queries + "\nINSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES ('retention');";

    public const string OperatorMark = "-- prepared by the operator";

    private static string QueryText(string key) => key switch
    {
        "UpdateIAmAlivetimeKey" => "SELECT update_i_am_alive_time(@DeploymentId, @Address, @Port, @Generation, @IAmAliveTime);",
        "InsertMembershipVersionKey" => "SELECT insert_membership_version(@DeploymentId);",
        "InsertMembershipKey" => "SELECT insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);",
        "UpdateMembershipKey" => "SELECT update_membership(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);",
        "WriteToStorageKey" => "SELECT * FROM writetostorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);",
        "UpsertReminderRowKey" => "SELECT * FROM upsert_reminder_row(@ServiceId, @GrainHash, @GrainId, @ReminderName, @StartTime, @Period);",
        "DeleteReminderRowKey" => "SELECT delete_reminder_row(@ServiceId, @GrainId, @ReminderName, @Version);",
        "DeleteReminderRowsKey" => "DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;",
        "DeleteMembershipTableEntriesKey" => "DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;",
        _ => "SELECT 1; -- a read the provider runs",
    };
}
