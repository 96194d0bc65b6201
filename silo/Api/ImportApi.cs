using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RetentionActors.Contracts;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Silo.Api;

/// <summary>History import: purchases and refunds from a CSV, each row idempotent by store, till, business day and receipt.</summary>
public static class ImportApi
{
    public sealed record ImportReport(int Rows, int Imported, int AlreadyImported, int CustomersCreated, IReadOnlyList<RowError> Errors);

    private const long MaxBody = 64 * 1024 * 1024;

    public static RouteGroupBuilder MapImportApi(this RouteGroupBuilder api)
    {
        // The server's default body limit (about 28.6 MiB) would cut a chunk short with a server error: this endpoint takes what it says.
        api.MapPost("/import/purchases", ImportAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBody))
            .WithSummary("Imports a purchase history (CSV). Unknown customers are enrolled; rows already imported change nothing; bad rows are reported by line and not written.");
        return api;
    }

    private static async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpRequest request, IGrainFactory grains, ICustomerStore store, AuditLog audit, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBody)
        {
            return TypedResults.Problem($"At most {MaxBody / 1024 / 1024} MB per request; the import command sends a large file in chunks.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large");
        }
        // A client gone before its chunk arrived in full leaves nothing booked and nothing to record.
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var (rows, errors) = PurchaseCsv.Parse(new StringReader(text));
        if (rows.Count == 0 && errors is [{ Line: 1 }])
        {
            return Problems.Invalid("body", errors[0].Message);
        }
        var maximum = (await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync()).Settings.MaximumPurchaseAmount;

        // Each request is a chunk (the import command sends a large file in chunks). Its row is durable before any of its
        // rows is booked, saying what is about to happen; every entry it books names the operator (the customers' commits
        // carry the chunk's intent too). From here the chunk runs to its end even if the client goes away, so its outcome
        // is always recorded; the client sends it again, and rows already booked are answered as replays.
        var lines = rows.Select(r => r.Line).Concat(errors.Select(e => e.Line)).DefaultIfEmpty(1).ToList();
        var chunk = audit.Intend("import-purchases", "ledger", $"{rows.Count + errors.Count} rows, lines {lines.Min()}-{lines.Max()}", "started");
        await audit.RecordAsync(user, chunk, "started");
        var counts = new ImportCounts(errors);
        try
        {
            using (AuditContext.Begin(chunk))
            {
                await BookAsync(rows, counts, grains, store, maximum, clock.GetUtcNow());
            }
        }
        catch (Exception failure)
        {
            await audit.RecordAsync(user, ChunkOutcome(audit, chunk, rows.Count + errors.Count, counts), $"failed: {failure.Message}");
            throw;
        }
        var report = counts.Report(rows.Count + errors.Count);
        await audit.RecordAsync(user, ChunkOutcome(audit, chunk, report.Rows, counts),
            request.HttpContext.RequestAborted.IsCancellationRequested ? "done; the client had gone away" : "done");
        return TypedResults.Ok(report);
    }

    private static AuditIntent ChunkOutcome(AuditLog audit, AuditIntent chunk, int rows, ImportCounts counts) =>
        audit.Intend("import-purchases", "ledger",
            $"{rows} rows: {counts.Imported} imported, {counts.Replayed} already there, {counts.Created} customers created, " +
            $"{counts.Errors.Count} refused (chunk {chunk.Id})");

    // Rows of one customer run in file order (a refund after its purchase); customers run side by side. Not tied to the
    // request: a client that disconnects does not stop a chunk half-way.
    private static Task BookAsync(IReadOnlyList<PurchaseRow> rows, ImportCounts counts, IGrainFactory grains, ICustomerStore store, decimal maximum,
        DateTimeOffset now) =>
        Parallel.ForEachAsync(rows.GroupBy(r => r.CustomerId), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (group, _) =>
        {
            var customer = grains.GetGrain<ICustomerTillGrain>(group.Key);
            var enrolled = await customer.GetAsync() is not null;
            foreach (var row in group)
            {
                try
                {
                    // Checked before enrolling, so a refused row does not leave a new customer behind.
                    if (!row.IsRefund)
                    {
                        PurchaseOf(row).Validate(now);
                        if (row.Amount > maximum)
                        {
                            counts.Errors.Add(new RowError(row.Line, $"amount {row.Amount} is above the program's maximum purchase amount {maximum}."));
                            continue;
                        }
                    }
                    if (!row.IsRefund && !enrolled && await ReceiptOfAnotherAsync(store, PurchaseOf(row)) is { } ownedElsewhere)
                    {
                        // A customer not enrolled yet owns no receipt, so any owner is someone else: refused before enrolling, no customer is left behind.
                        counts.Errors.Add(new RowError(row.Line, $"{DeclineReason.ReceiptOfAnotherCustomer}: {ownedElsewhere}"));
                        continue;
                    }
                    if (!row.IsRefund && !enrolled)
                    {
                        var enrollment = await customer.EnrollAsync(new CustomerProfile(row.CustomerId));
                        if (enrollment.IsAccepted)
                        {
                            Interlocked.Increment(ref counts.Created);
                        }
                        enrolled = true;
                    }
                    var (declined, wasReplayed) = row.IsRefund
                        ? Outcome(await customer.RefundAsync(RefundOf(row)))
                        : Outcome(await customer.EarnAsync(PurchaseOf(row)));
                    if (declined is not null)
                    {
                        counts.Errors.Add(new RowError(row.Line, $"{declined.Reason}: {declined.Message}"));
                    }
                    else if (wasReplayed)
                    {
                        Interlocked.Increment(ref counts.Replayed);
                    }
                    else
                    {
                        Interlocked.Increment(ref counts.Imported);
                    }
                }
                catch (ArgumentException invalid)
                {
                    // Refused by the engine before anything was written (implausible time, bad id…).
                    counts.Errors.Add(new RowError(row.Line, invalid.Message));
                }
            }
        });

    /// <summary>What a chunk did so far, counted from its parallel workers.</summary>
    private sealed class ImportCounts(IEnumerable<RowError> parseErrors)
    {
        public int Imported;
        public int Replayed;
        public int Created;

        public System.Collections.Concurrent.ConcurrentBag<RowError> Errors { get; } = new(parseErrors);

        public ImportReport Report(int rows) => new(rows, Imported, Replayed, Created, [.. Errors.OrderBy(e => e.Line)]);
    }

    private static async Task<string?> ReceiptOfAnotherAsync(ICustomerStore store, Purchase purchase)
    {
        var receipt = EntryKeys.Receipt(purchase.StoreId, purchase.TerminalId, purchase.Day, purchase.ReceiptId);
        return await store.ReceiptOwnerAsync(receipt) is null ? null : ReceiptOwnership.OfAnotherCustomer(receipt);
    }

    private static Purchase PurchaseOf(PurchaseRow row) =>
        new(row.StoreId, row.TerminalId, row.ReceiptId, row.OccurredAt, row.Amount) { BusinessDay = row.BusinessDay };

    // The returned sale is in the same store; without its till and day the silo takes the one sale that matches.
    private static Refund RefundOf(PurchaseRow row) =>
        new(row.StoreId, row.TerminalId, row.ReceiptId, row.OccurredAt, row.Amount, row.StoreId, row.RefundOf!)
        {
            BusinessDay = row.BusinessDay,
            OriginalTerminalId = row.RefundOfTerminal,
            OriginalBusinessDay = row.RefundOfDay,
        };

    private static (Decline?, bool) Outcome(AccrualResult result) => (result.Declined, result.Replayed);

    private static (Decline?, bool) Outcome(RefundResult result) => (result.Declined, result.Replayed);
}
