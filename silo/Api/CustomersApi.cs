using RetentionActors.Contracts;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains;
using RetentionActors.Grains.Audit;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Api;

/// <summary>Customer care: find a customer, see everything about them, correct points, block or replace a card, GDPR export.</summary>
public static class CustomersApi
{
    public sealed record CustomerDetail(CustomerSummary Customer, IReadOnlyList<CardInfo> Cards);

    /// <summary>A manual adjustment by the logged-in operator; above the program's approval threshold it waits for a second operator.</summary>
    public sealed record AdjustmentRequest(string Reference, long Points, string Reason);

    public sealed record BlockRequest(string Reason);

    public sealed record ReplaceRequest(string NewCardId);

    public sealed record PersonalDataExport(
        DateTimeOffset ExportedAt, CustomerSummary Customer, IReadOnlyList<CardInfo> Cards, IReadOnlyList<LedgerEntry> Ledger,
        IReadOnlyList<CouponInfo> Coupons, IReadOnlyList<AuditEntry> BackOfficeChanges);

    public static RouteGroupBuilder MapCustomersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/customers", SearchAsync).WithSummary("Finds customers by card id (nfc:…, mag:…, bar:…), e-mail, phone or customer id.");
        api.MapGet("/customers/{customerId}", GetAsync).WithSummary("Profile, cards, balance, tier and totals.");
        api.MapGet("/customers/{customerId}/ledger", GetLedgerAsync).WithSummary("Ledger entries after a sequence number, oldest first; or newest first (newestFirst=true) before beforeSeq; optionally only one kind, one store, or those occurred from one UTC day to another (from, to: yyyy-MM-dd, both included).");
        api.MapGet("/customers/{customerId}/export", ExportAsync).WithSummary("GDPR export: everything held on the person, as JSON.");
        api.MapPost("/customers/{customerId}/erase", EraseAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithSummary("GDPR erasure: name, e-mail, phone, birthday and consent removed; ledger amounts kept for accounting.");
        api.MapPost("/customers/{customerId}/adjustments", AdjustAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithSummary("Moves points by hand with a reason, as the logged-in operator; the reference makes it idempotent. Above the program's approval threshold it answers 202 and waits for a second operator (/api/approvals).");
        api.MapGet("/cards/{cardId}", GetCardAsync).WithSummary("A card's status and link.");
        api.MapPost("/cards/{cardId}/block", BlockAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy).WithSummary("Blocks a lost or stolen card.");
        api.MapPost("/cards/{cardId}/replace", ReplaceAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy).WithSummary("Moves a card's link to a new, unissued card.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<CustomerMatch>>, ValidationProblem>> SearchAsync(
        string? q, IGrainFactory grains, SqlDatabase database, CancellationToken cancellationToken)
    {
        var query = q?.Trim();
        if (string.IsNullOrEmpty(query) || query.Length > 254)
        {
            return Problems.Invalid("q", "Give a card id, e-mail, phone or customer id (at most 254 characters).");
        }
        var hits = new List<CustomerMatch>();
        if (query.Contains(':', StringComparison.Ordinal) && CardId.TryParse(query, out var cardId, out _))
        {
            var card = await grains.GetGrain<ILoyaltyCardGrain>(cardId.ToString()).GetAsync();
            if (card.CustomerId is { } owner && await grains.GetGrain<ICustomerSummaryGrain>(owner).GetAsync() is { } summary)
            {
                hits.Add(new CustomerMatch(owner, summary.Profile.DisplayName, summary.Profile.Email, summary.Profile.Phone, "card"));
            }
        }
        foreach (var match in await SqlCustomerSearch.FindAsync(database, query, cancellationToken))
        {
            if (!hits.Exists(h => h.CustomerId == match.CustomerId))
            {
                hits.Add(match);
            }
        }
        return TypedResults.Ok<IReadOnlyList<CustomerMatch>>(hits);
    }

    private static async Task<Results<Ok<CustomerDetail>, NotFound>> GetAsync(string customerId, IGrainFactory grains)
    {
        if (await grains.GetGrain<ICustomerSummaryGrain>(customerId).GetAsync() is not { } summary)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(new CustomerDetail(summary, await CardsAsync(grains, summary)));
    }

    private static async Task<Results<Ok<IReadOnlyList<LedgerEntry>>, NotFound, ValidationProblem>> GetLedgerAsync(
        string customerId, long? afterSeq, int? take, IGrainFactory grains, SqlLedgerPages pages, CancellationToken cancellationToken,
        string? kind = null, string? store = null, string? from = null, string? to = null, bool newestFirst = false, long? beforeSeq = null)
    {
        if (afterSeq < 0 || beforeSeq < 1 || take is < 1 or > 1000)
        {
            // Named by the parameter that is wrong, as the filters below are.
            return Problems.Invalid(afterSeq < 0 ? "afterSeq" : beforeSeq < 1 ? "beforeSeq" : "take", "afterSeq is 0 or more, beforeSeq 1 or more; take is 1 to 1000.");
        }
        if (LedgerFilters.Problem(kind, store, from, to) is { } problem)
        {
            return problem;
        }
        var customer = grains.GetGrain<ICustomerCareGrain>(customerId);
        if (await customer.GetAsync() is null)
        {
            return TypedResults.NotFound();
        }
        if (kind is null && store is null && from is null && to is null && !newestFirst)
        {
            return TypedResults.Ok(await customer.GetLedgerAsync(afterSeq ?? 0, take ?? 100));
        }
        // Filtered or newest first: paged in SQL (entries are in the ledger before the grain acknowledges them).
        var query = LedgerFilters.Query(customerId, kind, store, from, to) with { NewestFirst = newestFirst, AfterSeq = afterSeq, BeforeSeq = beforeSeq, Take = take ?? 100 };
        return TypedResults.Ok<IReadOnlyList<LedgerEntry>>([.. (await pages.ReadAsync(query, cancellationToken)).Select(e => e.ToContract())]);
    }

    private static async Task<Results<Ok<PersonalDataExport>, NotFound>> ExportAsync(
        string customerId, IGrainFactory grains, AuditLog audit, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var customer = grains.GetGrain<ICustomerCareGrain>(customerId);
        if (await customer.GetAsync() is not { } summary)
        {
            return TypedResults.NotFound();
        }
        var ledger = new List<LedgerEntry>();
        while (true)
        {
            var page = await customer.GetLedgerAsync(ledger.Count == 0 ? 0 : ledger[^1].Seq, 1000);
            ledger.AddRange(page);
            if (page.Count < 1000)
            {
                break;
            }
        }
        var coupons = new List<CouponInfo>();
        foreach (var code in summary.Coupons)
        {
            if (await grains.GetGrain<ICouponGrain>(code).GetAsync() is { } coupon)
            {
                coupons.Add(coupon);
            }
        }
        var changes = await audit.ReadAsync(customerId, 1000, cancellationToken);
        // Handing personal data out is itself recorded: the person may ask who saw it.
        await audit.RecordAsync(user, "gdpr-export", customerId, null, "exported");
        return TypedResults.Ok(new PersonalDataExport(clock.GetUtcNow(), summary, await CardsAsync(grains, summary), ledger, coupons, changes));
    }

    private static async Task<Results<Ok<CustomerSummary>, NotFound>> EraseAsync(string customerId, IGrainFactory grains, AuditLog audit, ClaimsPrincipal user)
    {
        // The erasure's commit carries the audit row (with no detail: it must not repeat what it erases).
        var intent = audit.Intend("gdpr-erase", customerId, null, "personal data erased");
        CustomerSummary? erased;
        using (AuditContext.Begin(intent))
        {
            erased = await grains.GetGrain<ICustomerCareGrain>(customerId).ErasePersonalDataAsync();
        }
        if (erased is null)
        {
            return TypedResults.NotFound();
        }
        // A no-op: the erasure's commit carried the row.
        await audit.RecordAsync(user, intent, "personal data erased");
        return TypedResults.Ok(erased);
    }

    private static async Task<Results<Ok<AdjustmentResult>, Accepted<AdjustmentApproval>, NotFound, ProblemHttpResult>> AdjustAsync(
        string customerId, AdjustmentRequest request, IGrainFactory grains, AdjustmentApprovals approvals, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<ICustomerSummaryGrain>(customerId).GetAsync() is null)
        {
            return TypedResults.NotFound();
        }
        var adjustment = new Adjustment(request.Reference, request.Points, request.Reason, user.Identity!.Name!);
        adjustment.Validate();
        return (await approvals.AdjustOrAskAsync(customerId, adjustment, user, cancellationToken)).Result switch
        {
            Ok<AdjustmentResult> done => done,
            Accepted<AdjustmentApproval> waiting => waiting,
            var problem => (ProblemHttpResult)problem,
        };
    }

    private static async Task<Results<Ok<CardInfo>, ValidationProblem>> GetCardAsync(string cardId, IGrainFactory grains)
    {
        if (!CardId.TryParse(cardId, out var id, out var error))
        {
            return Problems.Invalid("cardId", error);
        }
        return TypedResults.Ok(await grains.GetGrain<ILoyaltyCardGrain>(id.ToString()).GetAsync());
    }

    private static async Task<Results<Ok<CardInfo>, ValidationProblem, ProblemHttpResult>> BlockAsync(
        string cardId, BlockRequest request, IGrainFactory grains, AuditLog audit, ClaimsPrincipal user)
    {
        if (!CardId.TryParse(cardId, out var id, out var error))
        {
            return Problems.Invalid("cardId", error);
        }
        Require.Text(request.Reason, nameof(request.Reason), 500);
        var intent = audit.Intend("block-card", id.ToString(), request.Reason);
        CardResult result;
        using (AuditContext.Begin(intent))
        {
            result = await grains.GetGrain<ILoyaltyCardGrain>(id.ToString()).BlockAsync(request.Reason);
        }
        await audit.RecordAsync(user, intent, result.Declined?.Reason.ToString() ?? "done");
        return result.Declined is { } declined ? Problems.Declined(declined) : TypedResults.Ok(result.Card);
    }

    private static async Task<Results<Ok<CardInfo>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        string cardId, ReplaceRequest request, IGrainFactory grains, AuditLog audit, ClaimsPrincipal user)
    {
        if (!CardId.TryParse(cardId, out var id, out var error))
        {
            return Problems.Invalid("cardId", error);
        }
        if (!CardId.TryParse(request.NewCardId, out var newId, out error))
        {
            return Problems.Invalid("newCardId", error);
        }
        var intent = audit.Intend("replace-card", id.ToString(), $"by {newId}");
        CardResult result;
        using (AuditContext.Begin(intent))
        {
            result = await grains.GetGrain<ILoyaltyCardGrain>(id.ToString()).ReplaceAsync(newId);
        }
        await audit.RecordAsync(user, intent, result.Declined?.Reason.ToString() ?? "done");
        return result.Declined is { } declined ? Problems.Declined(declined) : TypedResults.Ok(result.Card);
    }

    private static async Task<IReadOnlyList<CardInfo>> CardsAsync(IGrainFactory grains, CustomerSummary summary) =>
        await Task.WhenAll(summary.Cards.Select(c => grains.GetGrain<ILoyaltyCardGrain>(c).GetAsync()));
}
