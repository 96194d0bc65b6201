using System.Data.Common;
using RetentionActors.Contracts;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Formats;
using RetentionActors.Storage.Maintenance;
using RetentionActors.Storage.Sql.Snapshots;

namespace RetentionActors.Storage.Sql;

/// <summary>
/// Customers, ledger and operation answers in a relational database (SQLite or PostgreSQL), with the audit row of the
/// back-office operation a commit carries out in the same transaction. A database that cannot be reached surfaces as
/// <see cref="StoreUnavailableException"/>, from reads (a grain's activation) and writes alike.
/// </summary>
public sealed class SqlCustomerStore(SqlDatabase database) : ICustomerStore
{
    public Task<StoredCustomer?> LoadAsync(string customerId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => LoadAsync(connection, customerId, cancellationToken));

    public Task<OperationAnswer?> ReadOperationAnswerAsync(string customerId, string operationKey, AnswerKind kind, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var query = Query(connection, null, "SELECT result FROM operations WHERE customer_id = @id AND operation_key = @key", customerId)
                .With("key", operationKey);
            return await query.ExecuteScalarAsync(cancellationToken) is string stored ? CustomerFormats.ReadAnswer(kind, stored) : null;
        });

    public Task<string?> ReceiptOwnerAsync(string receiptKey, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var query = connection.CreateCommand();
            query.CommandText = SqlReceiptOwners.OwnerQuery;
            return await query.With("key", receiptKey).ExecuteScalarAsync(cancellationToken) as string;
        });

    public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string customerId, long afterSeq, int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => ReadLedgerAsync(connection, null, customerId, afterSeq, take, cancellationToken));

    public async Task CommitAsync(IReadOnlyList<CustomerCommit> commits, CancellationToken cancellationToken = default)
    {
        // The stored texts are made here, not by the writer: it runs the group's writes one after another, and again after
        // a conflict, so it should only touch the database. A snapshot's on the thread pool, so compressing a busy
        // customer's thousands of lots holds up neither the writer nor their grain.
        var texts = commits.Any(c => c.Snapshot is not null)
            ? await Task.Run(() => commits.Select(StoredTexts.Of).ToList(), cancellationToken)
            : commits.Select(StoredTexts.Of).ToList();
        await database.Writer.WriteAsync(writer =>
        {
            for (var i = 0; i < commits.Count; i++)
            {
                var commit = commits[i];
                try
                {
                    Write(writer, commit, texts[i]);
                }
                catch (Exception e) when (database.IsKeyViolation(e))
                {
                    throw Conflict(commit.CustomerId, e);
                }
            }
        });
        if (commits.Any(c => c.Erasure is not null))
        {
            // The erased text may still lie in the engine's files (old page images): the engine lets go of what it can.
            await database.ForgetErasedAsync();
        }
    }

    /// <summary>
    /// How far back an activation loads operation keys besides those recorded since its snapshot: retries of a till's own
    /// outbox, late deliveries and back-office repeats come within days. An older key is found in the store when its
    /// operation says it is older (<see cref="StoredCustomer.OperationKeysSince"/>), and the operations table's key refuses
    /// anything that slips past, which the grain answers as a repeat.
    /// </summary>
    public static readonly TimeSpan RecentOperations = TimeSpan.FromDays(35);

    /// <summary>
    /// What an activation reads, as one batch of statements (one round trip on PostgreSQL, where each was one before): the
    /// document, the snapshot, the ledger after it, the operation keys of the recent days (<c>@recent</c>), and what the
    /// sweeps look for. The snapshot's covered sequence is found again in the ledger's statement; the read transaction
    /// makes both see the same row.
    /// </summary>
    private static readonly string LoadBatch = $"""
        SELECT document FROM customers WHERE customer_id = @id;
        {SqlAccountSnapshots.Select};
        SELECT {SqlLedgerRows.Columns} FROM ledger WHERE customer_id = @id AND seq > {SqlAccountSnapshots.CoveredSeq} ORDER BY seq;
        SELECT operation_key FROM operations WHERE customer_id = @id AND recorded_utc >= @recent;
        {SqlMaintenanceDue.Select}
        """;

    private async Task<StoredCustomer?> LoadAsync(DbConnection connection, string customerId, CancellationToken cancellationToken)
    {
        // One read transaction: document, snapshot, ledger and operation keys from the same snapshot of the database.
        await using var transaction = database.BeginSnapshot(connection);
        var recent = DateTimeOffset.UtcNow - RecentOperations;
        string documentJson;
        (AccountSnapshot Snapshot, DateTimeOffset RecordedAt)? stored;
        var entries = new List<LedgerEntry>();
        var operations = new List<string>();
        MaintenanceDue due;
        await using (var batch = Query(connection, transaction, LoadBatch, customerId).With("recent", database.Utc(recent)))
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            documentJson = reader.GetString(0);
            await reader.NextResultAsync(cancellationToken);
            stored = await SqlAccountSnapshots.ReadRowAsync(reader, database, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(SqlLedgerRows.Read(reader, database));
            }
            await reader.NextResultAsync(cancellationToken);
            await ReadKeysAsync(reader, operations, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            due = await SqlMaintenanceDue.ReadRowAsync(reader, database, cancellationToken);
        }
        var upTo = stored?.Snapshot.LastSeq ?? 0;
        var earlier = stored is null ? [] : await SqlAccountSnapshots.EarlierEntriesAsync(connection, transaction, database, customerId, upTo, entries, cancellationToken);
        // Keys since the snapshot (an hour's margin for silos' clocks) and of the recent days; all of them without a snapshot.
        // The batch read the recent days'; a snapshot written before them (a customer back after weeks) needs the keys between.
        DateTimeOffset? since = stored is { } s ? Min(s.RecordedAt.AddHours(-1), recent) : null;
        if (since is null || since < recent)
        {
            await using var older = Query(connection, transaction,
                "SELECT operation_key FROM operations WHERE customer_id = @id AND recorded_utc < @recent" + (since is null ? "" : " AND recorded_utc >= @since"),
                customerId).With("recent", database.Utc(recent));
            if (since is { } from)
            {
                older.With("since", database.Utc(from));
            }
            await using var reader = await older.ExecuteReaderAsync(cancellationToken);
            await ReadKeysAsync(reader, operations, cancellationToken);
        }
        return new StoredCustomer(CustomerFormats.ReadDocument(documentJson), entries, operations)
        {
            Due = due,
            Snapshot = stored?.Snapshot,
            EarlierEntries = earlier,
            OperationKeysSince = since,
        };
    }

    private static async Task ReadKeysAsync(DbDataReader reader, List<string> keys, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }
    }

    private static ConcurrentUpdateException Conflict(string customerId, Exception keyViolation) =>
        new($"Customer {customerId} was changed by another writer: {keyViolation.Message}");

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private void Write(GroupCommitWriter writer, CustomerCommit commit, StoredTexts texts)
    {
        // The operation first: a key already done refuses the commit as such, before the ledger's own key would refuse it
        // as a conflict.
        // Most statements are deferred (sent with the rest of the group in one round trip); a key violation of one of
        // them reaches the caller as the conflict it would have been had it run at once.
        Func<Exception, Exception?> conflict = e => database.IsKeyViolation(e) ? Conflict(commit.CustomerId, e) : null;
        if (commit.OperationKey is { } key)
        {
            writer.Defer("""
                    INSERT INTO operations (customer_id, operation_key, result, recorded_utc) VALUES (@id, @key, @result, @recorded)
                    ON CONFLICT (customer_id, operation_key) DO NOTHING
                    """)
                .With("id", commit.CustomerId)
                .With("key", key)
                .With("result", texts.Answer)
                .With("recorded", database.Utc(DateTimeOffset.UtcNow))
                .Run(inserted => inserted == 0 ? new OperationAlreadyDoneException(commit.CustomerId, key) : null, conflict);
        }
        if (commit.Document is { } document)
        {
            WriteDocument(writer, commit.CustomerId, document, texts.Document!, conflict);
            // The document's NPS answers get their rows in the same transaction, for the report to count in SQL.
            Analytics.SqlFeedbackRows.Insert(writer, database, commit.CustomerId, document.Feedback);
        }
        foreach (var entry in commit.Entries)
        {
            SqlLedgerRows.Insert(writer, database, commit.CustomerId, entry, conflict);
        }
        if (commit.Snapshot is { } snapshot)
        {
            SqlAccountSnapshots.Write(writer, database, commit.CustomerId, snapshot.LastSeq, texts.Snapshot!);
        }
        if (commit.Due is { } due)
        {
            SqlMaintenanceDue.Write(writer, database, commit.CustomerId, due);
        }
        writer.Publish(commit.Events);
        if (commit.Receipt is { } receipt)
        {
            SqlReceiptOwners.Claim(writer, commit.CustomerId, receipt);
        }
        if (commit.Erasure is { } erasure)
        {
            PersonalDataScrub.Run(writer, database, commit.CustomerId, erasure);
        }
        // After the scrub, which must not touch the row of this commit (an erasure's own row holds no free text anyway).
        SqlAuditRows.Insert(writer, database, commit.Audit);
        foreach (var assignment in commit.Assignments)
        {
            Uplift.SqlHoldouts.Insert(writer, database, commit.CustomerId, assignment);
        }
    }

    private void WriteDocument(GroupCommitWriter writer, string customerId, CustomerDocument document, string documentText, Func<Exception, Exception?> conflict)
    {
        // Version 1 is an insert (a second enrollment collides); later versions must follow the stored one.
        var statement = document.Version == 1
            ? writer.Defer("""
                INSERT INTO customers (customer_id, version, display_name, email, phone, enrolled_at, document)
                VALUES (@id, @version, @name, @email, @phone, @enrolled, @document)
                """).With("enrolled", database.Utc(document.EnrolledAt))
            : writer.Defer("""
                UPDATE customers SET version = @version, display_name = @name, email = @email, phone = @phone, document = @document
                WHERE customer_id = @id AND version = @previous
                """).With("previous", document.Version - 1);
        statement.With("id", customerId)
            .With("version", document.Version)
            .With("name", document.Profile.DisplayName)
            .With("email", document.Profile.Email?.ToLowerInvariant())
            .With("phone", document.Profile.Phone)
            .With("document", documentText)
            .Run(written => written == 1 ? null : new ConcurrentUpdateException($"Customer {customerId} is not at version {document.Version - 1}."), conflict);
    }

    private async Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(DbConnection connection, DbTransaction? transaction, string customerId, long afterSeq, int take, CancellationToken cancellationToken)
    {
        await using var query = Query(connection, transaction,
                $"SELECT {SqlLedgerRows.Columns} FROM ledger WHERE customer_id = @id AND seq > @after ORDER BY seq LIMIT @take", customerId)
            .With("after", afterSeq)
            .With("take", take);
        var entries = new List<LedgerEntry>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(SqlLedgerRows.Read(reader, database));
        }
        return entries;
    }

    /// <summary>A commit's document, answer and snapshot as the columns keep them (<see cref="CustomerFormats"/>, <see cref="StoredAccountSnapshot"/>); null where the commit has none.</summary>
    private sealed record StoredTexts(string? Document, string? Answer, string? Snapshot)
    {
        public static StoredTexts Of(CustomerCommit commit) => new(
            commit.Document is { } document ? CustomerFormats.WriteDocument(document) : null,
            commit.OperationKey is null ? null : CustomerFormats.WriteAnswer(commit.Answer ?? OperationAnswer.Nothing),
            commit.Snapshot is { } snapshot ? StoredAccountSnapshot.From(snapshot).Serialize() : null);
    }

    private static DbCommand Query(DbConnection connection, DbTransaction? transaction, string sql, string customerId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.With("id", customerId);
    }
}
