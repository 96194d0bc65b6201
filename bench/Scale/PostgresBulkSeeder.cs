using Npgsql;
using NpgsqlTypes;
using Orleans.Runtime;
using RetentionActors.Bench.Cluster;
using RetentionActors.Bench.Load;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Grains;
using RetentionActors.Grains.Cards;
using RetentionActors.Grains.Customers;
using RetentionActors.Grains.Events;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.Formats;
using RetentionActors.Storage.Postgres;

namespace RetentionActors.Bench.Scale;

/// <summary>
/// Fills a PostgreSQL store with customers, their linked cards and their <see cref="PurchaseHistory"/> without a silo,
/// with Npgsql binary COPY (one stream per table, each on its own connection), leaving the rows enrolment, linking and
/// purchases through the grains leave: the customer row and document, the card's and referral code's grain state, per
/// purchase its ledger row, its operation answer, its receipt's owner and its events in the outbox (with each
/// customer's event sequence and the outbox position). Entries, answers and events are made by the code the grains use
/// (<see cref="PointsAccount"/>, <see cref="CustomerEvents"/>, <see cref="CustomerFormats"/>, <see cref="StorageJson"/>) with the default program's
/// earning rule; the column lists repeat the store's, so <see cref="PostgresSeedEquivalence"/> compares the result with
/// the same customers through the grains on every run. The schema is the store's own (migrated first), its indexes in
/// place during COPY; the customers' purchase totals are counted once after it (<see cref="CustomerTotalsBulkLoad"/>),
/// not by the ledger's trigger row by row.
/// </summary>
public static class PostgresBulkSeeder
{
    /// <summary>Seeds customers 0..history.Customers-1 into the (empty, migrated here) database; returns customers per second.</summary>
    public static async Task<double> SeedAsync(string connectionString, PurchaseHistory history, string label)
    {
        connectionString = WithoutCommandTimeout(connectionString);
        PostgresDatabase.Migrate(connectionString);
        await ExecuteAsync(connectionString, CustomerTotalsBulkLoad.Before);
        var rules = Contracts.Program.ProgramSettings.Default.ToRules();
        await using var customers = await CopyAsync(connectionString, "customers (customer_id, version, display_name, email, phone, enrolled_at, document)");
        await using var states = await CopyAsync(connectionString, "grain_state (state_name, grain_id, etag, payload, updated_utc)");
        await using var ledger = await CopyAsync(connectionString,
            "ledger (customer_id, occurred_utc, seq, kind, points, amount, balance_after, idempotency_key, store_id, terminal_id, receipt_id, card_id, refers_to, occurred_at, recorded_utc, reason, operator_id, draws, business_day, approved_by, debt)");
        await using var operations = await CopyAsync(connectionString, "operations (customer_id, operation_key, result, recorded_utc)");
        await using var owners = await CopyAsync(connectionString, "receipt_owners (receipt_key, customer_id)");
        await using var events = await CopyAsync(connectionString, "outbox_events (position, event_id, customer_id, customer_seq, type, occurred_utc, recorded_utc, payload)");
        await using var sequences = await CopyAsync(connectionString, "outbox_customer_seq (customer_id, last_seq)");

        var referralCodes = new SeededReferralCodes();
        var position = 0L;
        var done = 0L;
        var clock = Stopwatch.StartNew();
        using (Progress.Start($"{label}: bulk-seeding {history.Customers:N0} customers with cards and {history.LedgerRows:N0} purchases (COPY)", null, () => Interlocked.Read(ref done)))
        {
            for (var rank = 0; rank < history.Customers; rank++)
            {
                var customerId = Shop.CustomerId(rank);
                var cardId = Shop.CardId(rank);
                var enrolled = history.EnrolledAt(rank);
                var referral = referralCodes.Claim(customerId);
                var document = new CustomerDocument(new CustomerProfile($"Customer {rank}"), enrolled, [cardId], Version: 2) { ReferralCode = referral.InDocument };
                await customers.Row(customerId, document.Version, document.Profile.DisplayName, null, null, enrolled, CustomerFormats.WriteDocument(document));
                await states.Row("card", GrainId.Create("card", cardId).ToString(), 1L,
                    StorageJson.Serialize(new CardState { Status = CardStatus.Active, CustomerId = customerId, ChangedAt = enrolled }), enrolled);
                await states.Row("referral", GrainId.Create("referral-code", referral.Code).ToString(), 1L,
                    StorageJson.Serialize(new ReferralCodeState { CustomerId = customerId }), enrolled);

                var customerSeq = 0L;
                async Task PublishAsync(IReadOnlyList<OutboxEvent> published, DateTimeOffset recorded)
                {
                    foreach (var e in published)
                    {
                        await events.Row(++position, e.Id.ToString(), e.CustomerId, ++customerSeq, e.Type, e.OccurredAt, recorded, e.Payload);
                    }
                }
                await PublishAsync(CustomerEvents.Of(null, new CustomerCommit(customerId, document with { Cards = [], Version = 1 }, [], null, null), enrolled), enrolled);
                // The card grain's event of the link, written with its state.
                await PublishAsync([OutboxEvent.Create(EventTypes.CardLinked, customerId, enrolled, new EventPayloads.CardV1(cardId, nameof(CardStatus.Active), null))], enrolled);

                var account = new PointsAccount();
                foreach (var purchase in history.Purchases(rank))
                {
                    var at = purchase.OccurredAt;
                    var till = new TillReference(purchase.StoreId, purchase.TerminalId, purchase.ReceiptId, cardId, at, purchase.Day);
                    var points = rules.Earning.PointsFor(purchase.Amount, []);
                    var entries = account.Earn(till, purchase.Amount, points, at).Entries;
                    foreach (var entry in entries)
                    {
                        account.Apply(entry);
                        await ledger.Row(customerId, entry.OccurredAt, entry.Seq, entry.Kind.ToString(), entry.Points, entry.Amount, entry.BalanceAfter,
                            entry.IdempotencyKey, entry.StoreId, entry.TerminalId, entry.ReceiptId, entry.CardId, entry.RefersTo,
                            entry.OccurredAt.ToString("O", CultureInfo.InvariantCulture), entry.RecordedAt, entry.Reason, entry.OperatorId, null,
                            entry.BusinessDay, entry.ApprovedBy, entry.Debt);
                    }
                    var key = EntryKeys.For(till, EntryKind.Purchase);
                    // As the grain answers a purchase under a program without tiers, mechanics or discount.
                    var result = new AccrualResult(points, entries[^1].BalanceAfter, [])
                    {
                        DiscountPercent = rules.DiscountPercent,
                        DiscountAmount = decimal.Round(purchase.Amount * rules.DiscountPercent / 100m, 2, MidpointRounding.AwayFromZero),
                    };
                    var answer = OperationAnswer.Of(result);
                    await operations.Row(customerId, key, CustomerFormats.WriteAnswer(answer), at);
                    await owners.Row(EntryKeys.Receipt(till), customerId);
                    await PublishAsync(CustomerEvents.Of(document, new CustomerCommit(customerId, null, entries, key, answer), at), at);
                }
                await sequences.Row(customerId, customerSeq);
                Interlocked.Increment(ref done);
            }
            foreach (var copy in new[] { customers, states, ledger, operations, owners, events, sequences })
            {
                await copy.CompleteAsync();
            }
        }
        await ExecuteAsync(connectionString, CustomerTotalsBulkLoad.After);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var last = new NpgsqlCommand("UPDATE outbox_position SET last_position = @last", connection);
        last.Parameters.AddWithValue("last", position);
        await last.ExecuteNonQueryAsync();
        // What autovacuum does to freshly loaded tables within minutes, done before anything is timed: statistics, and
        // the visibility map and hint bits, without which every index-only scan of the back office's queries visits the
        // table too and the first reader of each row writes its page. VACUUM runs outside a transaction, so on its own.
        await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", connection);
        await vacuum.ExecuteNonQueryAsync();
        return history.Customers / clock.Elapsed.TotalSeconds;
    }

    // Completing a COPY of millions of rows, and the totals' back-fill after it, take longer than Npgsql's default 30 s:
    // a bulk load waits as long as it takes.
    private static string WithoutCommandTimeout(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Copy> CopyAsync(string connectionString, string target)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return new Copy(connection, await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)"));
    }

    /// <summary>One table's COPY stream on a connection of its own.</summary>
    private sealed class Copy(NpgsqlConnection connection, NpgsqlBinaryImporter importer) : IAsyncDisposable
    {
        public async Task Row(params object?[] values)
        {
            await importer.StartRowAsync();
            foreach (var value in values)
            {
                switch (value)
                {
                    case null: await importer.WriteNullAsync(); break;
                    case DateTimeOffset time: await importer.WriteAsync(time.ToUniversalTime(), NpgsqlDbType.TimestampTz); break;
                    case DateOnly day: await importer.WriteAsync(day, NpgsqlDbType.Date); break;
                    case int number: await importer.WriteAsync(number, NpgsqlDbType.Integer); break;
                    case long number: await importer.WriteAsync(number, NpgsqlDbType.Bigint); break;
                    case decimal number: await importer.WriteAsync(number, NpgsqlDbType.Numeric); break;
                    case string text: await importer.WriteAsync(text, NpgsqlDbType.Text); break;
                    default: throw new ArgumentException($"No COPY type for {value.GetType().Name}.");
                }
            }
        }

        public async Task CompleteAsync() => await importer.CompleteAsync();

        public async ValueTask DisposeAsync()
        {
            await importer.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
