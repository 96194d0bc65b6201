using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using RetentionActors.Bench.Load;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Grains;
using RetentionActors.Grains.Cards;
using RetentionActors.Grains.Customers;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Hosting;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Bench.Cluster;

/// <summary>
/// Fills an embedded store with customers and linked cards without a silo, leaving the rows that enrolment and
/// linking through the grains leave: the customer row with its document (version 2, the card attached), the
/// card's and the referral code's grain state (no maintenance row: nothing is due for them). Documents and states are
/// serialised with <see cref="StorageJson"/> as the store does, times formatted by <see cref="SqliteDatabase"/>,
/// the schema created by it. The SQL repeats the store's column lists, so <see cref="SeedEquivalence"/> compares
/// the result with enrolment through the grains on every scale run: a schema change shows up there, not as odd figures.
/// Through the grains (or the store's group-commit writer, one savepoint per write) seeding runs at about
/// 1,500–3,500 customers/s; here a transaction holds thousands.
/// </summary>
public static class BulkSeeder
{
    private const int CustomersPerTransaction = 10_000;

    // What the grains use: state names of [PersistentState], grain types of [GrainType].

    /// <summary>Seeds customers 0..count-1 in <paramref name="dataFolder"/>; returns customers per second.</summary>
    public static async Task<double> SeedAsync(string dataFolder, int count, string label)
    {
        var path = Path.Combine(dataFolder, SqliteStorageExtensions.DatabaseFileName);
        await using var database = new SqliteDatabase(path); // creates and migrates the schema; its own writer stays idle
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        using var customer = Command(connection, """
            INSERT INTO customers (customer_id, version, display_name, email, phone, enrolled_at, document)
            VALUES ($id, $version, $name, NULL, NULL, $enrolled, $document)
            """, "$id", "$version", "$name", "$enrolled", "$document");
        using var state = Command(connection, """
            INSERT INTO grain_state (state_name, grain_id, etag, payload, updated_utc) VALUES ($name, $grain, 1, $payload, $now)
            """, "$name", "$grain", "$payload", "$now");

        var done = 0L;
        var clock = Stopwatch.StartNew();
        using (Progress.Start($"{label}: bulk-seeding {count:N0} customers with cards into the store", null, () => Interlocked.Read(ref done)))
        {
            for (var first = 0; first < count; first += CustomersPerTransaction)
            {
                using var transaction = connection.BeginTransaction();
                foreach (var command in new[] { customer, state })
                {
                    command.Transaction = transaction;
                }
                for (var rank = first; rank < Math.Min(count, first + CustomersPerTransaction); rank++)
                {
                    var now = DateTimeOffset.UtcNow;
                    var customerId = Shop.CustomerId(rank);
                    var cardId = Shop.CardId(rank);
                    var document = new CustomerDocument(new CustomerProfile($"Customer {rank}"), now, [cardId], Version: 2);
                    Run(customer, customerId, document.Version, document.Profile.DisplayName, database.Utc(now), StorageJson.Serialize(document));
                    Run(state, "card", GrainId.Create("card", cardId).ToString(),
                        StorageJson.Serialize(new CardState { Status = CardStatus.Active, CustomerId = customerId, ChangedAt = now }), database.Utc(now));
                    Run(state, "referral", GrainId.Create("referral-code", Codes.Referral(customerId)).ToString(),
                        StorageJson.Serialize(new ReferralCodeState { CustomerId = customerId }), database.Utc(now));
                    Interlocked.Increment(ref done);
                }
                transaction.Commit();
            }
        }
        return count / clock.Elapsed.TotalSeconds;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
        command.ExecuteNonQuery();
    }
}
