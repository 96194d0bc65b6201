using RetentionActors.Contracts;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Program;

namespace RetentionActors.Silo.Api;

/// <summary>History import: purchases and refunds from a CSV, each row idempotent by store, till, business day and receipt.</summary>
public static class ImportApi
{
    public sealed record ImportReport(int Rows, int Imported, int AlreadyImported, int CustomersCreated, IReadOnlyList<RowError> Errors);

    private const long MaxBody = 64 * 1024 * 1024;

    public static RouteGroupBuilder MapImportApi(this RouteGroupBuilder api)
    {
        api.MapPost("/import/purchases", ImportAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithSummary("Imports a purchase history (CSV). Unknown customers are enrolled; rows already imported change nothing; bad rows are reported by line and not written.");
        return api;
    }

    private static async Task<Results<Ok<ImportReport>, ValidationProblem>> ImportAsync(
        HttpRequest request, IGrainFactory grains, AuditLog audit, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBody)
        {
            return Problems.Invalid("body", $"At most {MaxBody / 1024 / 1024} MB per request.");
        }
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var (rows, errors) = PurchaseCsv.Parse(new StringReader(text));
        if (rows.Count == 0 && errors is [{ Line: 1 }])
        {
            return Problems.Invalid("body", errors[0].Message);
        }

        var maximum = (await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync()).Settings.MaximumPurchaseAmount;
        var now = clock.GetUtcNow();

        // Rows of one customer run in file order (a refund after its purchase); customers run side by side.
        var imported = 0;
        var replayed = 0;
        var created = 0;
        var rowErrors = new System.Collections.Concurrent.ConcurrentBag<RowError>(errors);
        await Parallel.ForEachAsync(rows.GroupBy(r => r.CustomerId), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (group, _) =>
        {
            var customer = grains.GetGrain<ICustomerGrain>(group.Key);
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
                            rowErrors.Add(new RowError(row.Line, $"amount {row.Amount} is above the program's maximum purchase amount {maximum}."));
                            continue;
                        }
                    }
                    if (!row.IsRefund && !enrolled)
                    {
                        var enrollment = await customer.EnrollAsync(new CustomerProfile(row.CustomerId));
                        if (enrollment.IsAccepted)
                        {
                            Interlocked.Increment(ref created);
                        }
                        enrolled = true;
                    }
                    var (declined, wasReplayed) = row.IsRefund
                        ? Outcome(await customer.RefundAsync(RefundOf(row)))
                        : Outcome(await customer.EarnAsync(PurchaseOf(row)));
                    if (declined is not null)
                    {
                        rowErrors.Add(new RowError(row.Line, $"{declined.Reason}: {declined.Message}"));
                    }
                    else if (wasReplayed)
                    {
                        Interlocked.Increment(ref replayed);
                    }
                    else
                    {
                        Interlocked.Increment(ref imported);
                    }
                }
                catch (ArgumentException invalid)
                {
                    // Refused by the engine before anything was written (implausible time, bad id…).
                    rowErrors.Add(new RowError(row.Line, invalid.Message));
                }
            }
        });

        var report = new ImportReport(rows.Count + errors.Count, imported, replayed, created, [.. rowErrors.OrderBy(e => e.Line)]);
        await audit.RecordAsync(user, "import-purchases", "ledger",
            $"{report.Rows} rows: {imported} imported, {replayed} already there, {created} customers created, {report.Errors.Count} refused", "done");
        return TypedResults.Ok(report);
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
