using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using RetentionActors.Bench.Load;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Grains;
using RetentionActors.Grains.Cards;
using RetentionActors.Grains.Customers;
using RetentionActors.Grains.Events;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Formats;
using RetentionActors.Storage.Hosting;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Bench.Cluster;

/// <summary>
/// Fills an embedded store with customers and linked cards without a silo, leaving the rows that enrolment and
/// linking through the grains leave: the customer row with its document (version 2, the card attached), the
/// card's and the referral code's grain state (no maintenance row: nothing is due for them), and the events both
/// commits put in the outbox (made by <see cref="CustomerEvents"/> as the customer grain makes them, then the card's link),
/// with each customer's event sequence and the outbox position, as <c>PostgresBulkSeeder</c> does on PostgreSQL.
/// Documents are written with <see cref="CustomerFormats"/>, states and payloads with <see cref="StorageJson"/>, as the store does, times formatted by <see cref="SqliteDatabase"/>,
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
        using var events = Command(connection, """
            INSERT INTO outbox_events (position, event_id, customer_id, customer_seq, type, occurred_utc, recorded_utc, payload)
            VALUES ($position, $id, $customer, $seq, $type, $occurred, $recorded, $payload)
            """, "$position", "$id", "$customer", "$seq", "$type", "$occurred", "$recorded", "$payload");
        using var sequences = Command(connection, "INSERT INTO outbox_customer_seq (customer_id, last_seq) VALUES ($customer, $seq)", "$customer", "$seq");
        using var lastPosition = Command(connection, "UPDATE outbox_position SET last_position = $last", "$last");

        var referralCodes = new SeededReferralCodes();
        var position = 0L;
        var done = 0L;
        var clock = Stopwatch.StartNew();
        using (Progress.Start($"{label}: bulk-seeding {count:N0} customers with cards into the store", null, () => Interlocked.Read(ref done)))
        {
            for (var first = 0; first < count; first += CustomersPerTransaction)
            {
                using var transaction = connection.BeginTransaction();
                foreach (var command in new[] { customer, state, events, sequences, lastPosition })
                {
                    command.Transaction = transaction;
                }
                for (var rank = first; rank < Math.Min(count, first + CustomersPerTransaction); rank++)
                {
                    var now = DateTimeOffset.UtcNow;
                    var customerId = Shop.CustomerId(rank);
                    var cardId = Shop.CardId(rank);
                    var referral = referralCodes.Claim(customerId);
                    var document = new CustomerDocument(new CustomerProfile($"Customer {rank}"), now, [cardId], Version: 2) { ReferralCode = referral.InDocument };
                    Run(customer, customerId, document.Version, document.Profile.DisplayName, database.Utc(now), CustomerFormats.WriteDocument(document));
                    Run(state, "card", GrainId.Create("card", cardId).ToString(),
                        StorageJson.Serialize(new CardState { Status = CardStatus.Active, CustomerId = customerId, ChangedAt = now }), database.Utc(now));
                    Run(state, "referral", GrainId.Create("referral-code", referral.Code).ToString(),
                        StorageJson.Serialize(new ReferralCodeState { CustomerId = customerId }), database.Utc(now));

                    // The enrolment's events, then the card grain's event of the link, written with its state.
                    var customerSeq = 0L;
                    var published = CustomerEvents.Of(null, new CustomerCommit(customerId, document with { Cards = [], Version = 1 }, [], null, null), now)
                        .Append(OutboxEvent.Create(EventTypes.CardLinked, customerId, now, new EventPayloads.CardV1(cardId, nameof(CardStatus.Active), null)));
                    foreach (var e in published)
                    {
                        Run(events, ++position, e.Id.ToString(), e.CustomerId!, ++customerSeq, e.Type, database.Utc(e.OccurredAt), database.Utc(now), e.Payload);
                    }
                    Run(sequences, customerId, customerSeq);
                    Interlocked.Increment(ref done);
                }
                Run(lastPosition, position);
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
