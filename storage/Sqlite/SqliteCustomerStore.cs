using Microsoft.Data.Sqlite;
using RetentionActors.Contracts;
using RetentionActors.Grains;
using RetentionActors.Grains.Storage;
using RetentionActors.Domain.Ledger;

namespace RetentionActors.Storage.Sqlite;

/// <summary>Customers, ledger and operation answers in the embedded SQLite database.</summary>
public sealed class SqliteCustomerStore(SqliteDatabase database) : ICustomerStore
{
    private const int ConstraintViolation = 19; // SQLITE_CONSTRAINT

    public async Task<StoredCustomer?> LoadAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        // One read transaction: document, ledger and operation keys from the same snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);

        await using var documentQuery = Query(connection, "SELECT document FROM customers WHERE customer_id = $id", customerId, transaction);
        if (await documentQuery.ExecuteScalarAsync(cancellationToken) is not string documentJson)
        {
            return null;
        }

        var entries = await ReadLedgerAsync(connection, customerId, 0, int.MaxValue, cancellationToken, transaction);
        var operations = new List<string>();
        await using var operationQuery = Query(connection, "SELECT operation_key FROM operations WHERE customer_id = $id", customerId, transaction);
        await using (var reader = await operationQuery.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                operations.Add(reader.GetString(0));
            }
        }
        return new StoredCustomer(StorageJson.Deserialize<CustomerDocument>(documentJson), entries, operations);
    }

    public async Task<string?> ReadOperationResultAsync(string customerId, string operationKey, CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        await using var query = Query(connection, "SELECT result FROM operations WHERE customer_id = $id AND operation_key = $key", customerId);
        query.Parameters.AddWithValue("$key", operationKey);
        return await query.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string customerId, long afterSeq, int take, CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        return await ReadLedgerAsync(connection, customerId, afterSeq, take, cancellationToken);
    }

    public Task CommitAsync(CustomerCommit commit, CancellationToken cancellationToken = default) =>
        database.Writer.WriteAsync(writer =>
        {
            try
            {
                Write(writer, commit);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == ConstraintViolation)
            {
                throw new ConcurrentUpdateException($"Customer {commit.CustomerId} was changed by another writer: {e.Message}");
            }
        });

    private static void Write(GroupCommitWriter writer, CustomerCommit commit)
    {
        if (commit.Document is { } document)
        {
            WriteDocument(writer, commit.CustomerId, document);
        }
        foreach (var entry in commit.Entries)
        {
            SqliteLedgerRows.Insert(writer, commit.CustomerId, entry);
        }
        if (commit.OperationKey is { } key)
        {
            var insert = writer.Command("""
                INSERT INTO operations (customer_id, operation_key, result, recorded_utc) VALUES ($id, $key, $result, $recorded)
                """);
            insert.Parameters.AddWithValue("$id", commit.CustomerId);
            insert.Parameters.AddWithValue("$key", key);
            insert.Parameters.AddWithValue("$result", commit.ResultJson ?? "null");
            insert.Parameters.AddWithValue("$recorded", SqliteText.Utc(DateTimeOffset.UtcNow));
            insert.ExecuteNonQuery();
        }
    }

    private static void WriteDocument(GroupCommitWriter writer, string customerId, CustomerDocument document)
    {
        // Version 1 is an insert (a second enrollment collides); later versions must follow the stored one.
        var command = writer.Command(document.Version == 1
            ? """
              INSERT INTO customers (customer_id, version, display_name, email, phone, enrolled_at, document)
              VALUES ($id, $version, $name, $email, $phone, $enrolled, $document)
              """
            : """
              UPDATE customers SET version = $version, display_name = $name, email = $email, phone = $phone, document = $document
              WHERE customer_id = $id AND version = $version - 1
              """);
        command.Parameters.AddWithValue("$id", customerId);
        command.Parameters.AddWithValue("$version", document.Version);
        command.Parameters.AddWithValue("$name", document.Profile.DisplayName);
        command.Parameters.AddWithValue("$email", (object?)document.Profile.Email?.ToLowerInvariant() ?? DBNull.Value);
        command.Parameters.AddWithValue("$phone", (object?)document.Profile.Phone ?? DBNull.Value);
        command.Parameters.AddWithValue("$enrolled", SqliteText.Utc(document.EnrolledAt));
        command.Parameters.AddWithValue("$document", StorageJson.Serialize(document));
        if (command.ExecuteNonQuery() != 1)
        {
            throw new ConcurrentUpdateException($"Customer {customerId} is not at version {document.Version - 1}.");
        }
    }

    private static async Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(SqliteConnection connection, string customerId, long afterSeq, int take, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var query = Query(connection, $"SELECT {SqliteLedgerRows.Columns} FROM ledger WHERE customer_id = $id AND seq > $after ORDER BY seq LIMIT $take", customerId, transaction);
        query.Parameters.AddWithValue("$after", afterSeq);
        query.Parameters.AddWithValue("$take", take);
        var entries = new List<LedgerEntry>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(SqliteLedgerRows.Read(reader));
        }
        return entries;
    }

    private static SqliteCommand Query(SqliteConnection connection, string sql, string customerId, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", customerId);
        return command;
    }
}
