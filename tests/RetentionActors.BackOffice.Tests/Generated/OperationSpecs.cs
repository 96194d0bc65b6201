using System.Globalization;
using System.Text.Json.Nodes;
using static RetentionActors.BackOffice.Tests.Generated.ValueRules;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// A valid request for every operation of the back office's OpenAPI document, naming what <see cref="GeneratedSilo"/>
/// seeded, and the rules of fields whose type alone does not say what is invalid. An operation added to the API
/// without an entry here fails <c>Every_operation_has_a_valid_request_to_break</c>. Entries are in the order the
/// end-of-run check sends them (a card is replaced after the dead letter booked on it).
/// </summary>
public static class OperationSpecs
{
    public static IReadOnlyList<OperationSpec> For(Seeds seeds) =>
    [
        new("GET /api/audit", Access.Read)
        {
            Query = Q(("target", seeds.Customer), ("take", "10")),
            Queries = new Dictionary<string, ValueRule> { ["target"] = Filter, ["take"] = Clamped },
            AcceptedAs = "admin",
        },
        new("GET /api/customers", Access.Read)
        {
            Query = Q(("q", seeds.Customer)), Queries = new Dictionary<string, ValueRule> { ["q"] = SearchText(254) }, AcceptedAs = "admin",
        },
        new("GET /api/customers/{customerId}", Access.Read) { Path = Q(("customerId", seeds.Customer)), AcceptedAs = "analyst" },
        new("GET /api/customers/{customerId}/ledger", Access.Read)
        {
            Path = Q(("customerId", seeds.Customer)), Query = Q(("afterSeq", "0"), ("take", "10")),
            Queries = new Dictionary<string, ValueRule>
            {
                ["afterSeq"] = new("0 or more", Numbers("-1", $"{long.MinValue}")), ["take"] = Whole(1, 1000),
                ["kind"] = OneOf("Purchase", "Redemption"), ["from"] = Date, ["to"] = Date,
            },
            AcceptedAs = "admin",
        },
        new("GET /api/customers/{customerId}/export", Access.Read) { Path = Q(("customerId", seeds.Customer)), AcceptedAs = "admin" },
        new("POST /api/customers/{customerId}/adjustments", Access.Change)
        {
            Path = Q(("customerId", seeds.Customer)),
            Json = () => new JsonObject { ["reference"] = "fz-adj-base", ["points"] = 5, ["reason"] = "generated base" },
            Fields = new Dictionary<string, ValueRule> { ["reference"] = Id, ["points"] = NonZeroWithin(100_000_000), ["reason"] = Text(500) },
            AcceptedAs = "admin",
        },
        new("GET /api/cards/{cardId}", Access.Read) { Path = Q(("cardId", seeds.Card)), AcceptedAs = "admin" },
        new("POST /api/import/purchases", Access.Change)
        {
            Csv = $"customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of\n{seeds.Customer},fz-imp-base,fz-store,"
                + $"{seeds.Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}T15:00:00Z,12.50,purchase,\n",
            AcceptedAs = "admin",
        },
        new("GET /api/analytics/retention", Access.Read)
        {
            Query = Q(("from", "2025-01-01"), ("to", "2026-01-01"), ("windowDays", "365"), ("marketingSpend", "10")),
            Queries = new Dictionary<string, ValueRule> { ["from"] = Date, ["to"] = Date, ["windowDays"] = Whole(1, 3650), ["marketingSpend"] = new("a plain decimal, not negative", Texts("-1", "-0.01", "1,5", "1e3", "NaN", "1 000", "0x10", "")) },
            AcceptedAs = "admin",
        },
        new("GET /api/analytics/retention/monthly", Access.Read)
        {
            Query = Q(("from", "2025-01-01"), ("to", "2026-01-01"), ("windowDays", "365")),
            Queries = new Dictionary<string, ValueRule> { ["from"] = Date, ["to"] = Date, ["windowDays"] = Whole(1, 3650) },
            AcceptedAs = "admin",
        },
        new("GET /api/analytics/cohorts", Access.Read)
        {
            Query = Q(("from", "2025-01-01"), ("to", "2026-01-01")), Queries = new Dictionary<string, ValueRule> { ["from"] = Date, ["to"] = Date }, AcceptedAs = "admin",
        },
        new("GET /api/analytics/rfm", Access.Read) { AcceptedAs = "analyst" },
        new("GET /api/analytics/rfm/segments/{segment}/customers", Access.Read)
        {
            Path = Q(("segment", "Champions")), Query = Q(("take", "10")),
            Queries = new Dictionary<string, ValueRule> { ["after"] = Id, ["take"] = Whole(1, 500) },
            AcceptedAs = "analyst",
        },
        new("GET /api/analytics/nps", Access.Read) { AcceptedAs = "analyst" },
        new("GET /api/analytics/liability", Access.Read)
        {
            Query = Q(("asOf", "2025-06-30")),
            Queries = new Dictionary<string, ValueRule> { ["asOf"] = new("a date yyyy-MM-dd from 2000 to today", [.. Date.Listed, .. Texts("1999-12-31", "2999-01-01")]) },
            AcceptedAs = "analyst",
        },
        new("GET /api/analytics/liability/monthly", Access.Read)
        {
            Query = Q(("from", "2025-01"), ("to", "2025-06")), Queries = new Dictionary<string, ValueRule> { ["from"] = Month, ["to"] = Month }, AcceptedAs = "analyst",
        },
        new("GET /api/runtime/memory", Access.Read) { AcceptedAs = "analyst" },
        new("POST /api/webhooks", Access.Change)
        {
            Json = () => new JsonObject { ["url"] = "http://localhost:9/fz-hook-base" },
            Fields = new Dictionary<string, ValueRule>
            {
                ["url"] = new("an https URL (http to this machine only), no user or password, not a private address, at most 2000", Texts("", "not a url", "ftp://127.0.0.1/x",
                    "http://example.com/hook", "https://169.254.169.254/latest/meta-data", "https://10.0.0.5/hook", "http://127.0.0.1:8080/api", "https://[::ffff:192.168.1.1]/hook", "https://user:pw@example.com/hook", "/relative/hook", "https://" + new string('h', 2000) + ".example/")),
            },
            AcceptedAs = "admin",
        },
        new("GET /api/webhooks", Access.Read) { AcceptedAs = "analyst" },
        new("GET /api/webhooks/{id}", Access.Read) { Path = Q(("id", seeds.Webhook)), AcceptedAs = "analyst" },
        new("GET /api/webhooks/{id}/dead-letters", Access.Read) { Path = Q(("id", seeds.Webhook)), AcceptedAs = "analyst" },
        new("POST /api/webhooks/{id}/replay", Access.Change)
        {
            Path = Q(("id", seeds.Webhook)),
            Json = () => new JsonObject { ["from"] = "1" },
            Fields = new Dictionary<string, ValueRule> { ["from"] = new("a position, 1 or more", Texts("0", "-1", "abc", "1.5", " 1", "")) },
            AcceptedAs = "admin",
        },
        new("DELETE /api/webhooks/{id}", Access.Change) { Path = Q(("id", seeds.Webhook)), AcceptedAs = "admin" },
        new("GET /api/events", Access.Read)
        {
            Query = Q(("after", "0"), ("limit", "10")),
            Queries = new Dictionary<string, ValueRule>
            {
                ["after"] = new("a cursor: a position, 0 or more", Texts("-1", "abc", "1.5", " 1", "+1", "0x10", "1e3", "9223372036854775808", "")),
                ["limit"] = Whole(1, 1000),
            },
            AcceptedAs = "analyst",
        },
        new("POST /api/runtime/memory/collect", Access.Change) { AcceptedAs = "admin" },
        new("GET /api/customers/dormant", Access.Read)
        {
            Query = Q(("days", "90"), ("sort", "spend")),
            Queries = new Dictionary<string, ValueRule>
            {
                ["days"] = Whole(1, 3650), ["sort"] = OneOf("spend", "recency"),
                ["skip"] = new("0 or more", Numbers("-1", $"{int.MinValue}")), ["take"] = Whole(1, 10_000),
                ["after"] = new("a cursor from the Next-Page-After header", Texts("", "x", "not a cursor", "AAAA", "cnwxfGE", new string('A', 300))),
            },
            AcceptedAs = "admin",
        },
        new("POST /api/winback", Access.Change)
        {
            Json = () => new JsonObject { ["campaign"] = "fz-wb-base", ["customerIds"] = new JsonArray(seeds.Customer, seeds.ErasableCustomer), ["value"] = 5, ["validDays"] = 30 },
            Fields = new Dictionary<string, ValueRule>
            {
                ["campaign"] = Id, ["customerIds"] = new("1 to 10,000 customers", [Fragment.Raw("[]")]), ["customerIds[]"] = Id,
                ["value"] = new("positive", Numbers("0", "-1", "-0.01")), ["validDays"] = Whole(1, 366), ["description"] = Text(200),
                ["holdoutPercent"] = Whole(0, 90),
            },
            AcceptedAs = "admin",
        },
        new("GET /api/winback/{campaign}/uplift", Access.Read)
        {
            Path = Q(("campaign", "fz-wb-seed")), Query = Q(("until", "2030-01-01T00:00:00Z")), Queries = new Dictionary<string, ValueRule> { ["until"] = Until },
            AcceptedAs = "analyst",
        },
        new("GET /api/campaigns/{id}/uplift", Access.Read)
        {
            Path = Q(("id", "autumn")), Query = Q(("until", "2030-01-01T00:00:00Z")), Queries = new Dictionary<string, ValueRule> { ["until"] = Until },
            AcceptedAs = "analyst",
        },
        new("POST /api/coupons/segments", Access.Change)
        {
            Json = () => new JsonObject { ["campaign"] = "fz-seg-base", ["segment"] = seeds.Segment, ["value"] = 5, ["validDays"] = 30, ["holdoutPercent"] = 10 },
            Fields = new Dictionary<string, ValueRule>
            {
                ["campaign"] = Id, ["segment"] = new("an RFM segment's name", Texts("", "   ", "Nobody", "champions", new string('s', 65))),
                ["value"] = new("positive", Numbers("0", "-1", "-0.01")), ["validDays"] = Whole(1, 366), ["description"] = Text(200),
                ["holdoutPercent"] = Whole(0, 90),
            },
            AcceptedAs = "admin",
        },
        new("GET /api/coupons/segments/{campaign}/uplift", Access.Read)
        {
            Path = Q(("campaign", "fz-seg-seed")), Query = Q(("until", "2030-01-01T00:00:00Z")), Queries = new Dictionary<string, ValueRule> { ["until"] = Until },
            AcceptedAs = "analyst",
        },
        new("GET /api/winback", Access.Read) { Query = Q(("campaign", "fz-wb-base")), Queries = new Dictionary<string, ValueRule> { ["campaign"] = Filter }, AcceptedAs = "admin" },
        new("POST /api/coupons", Access.Change)
        {
            Json = () => new JsonObject
            {
                ["customerId"] = seeds.Customer, ["reference"] = "fz-coupon-base", ["kind"] = "FixedDiscount", ["description"] = "generated base",
                ["value"] = 5, ["validDays"] = 30, ["source"] = "partner",
            },
            Fields = new Dictionary<string, ValueRule>
            {
                ["customerId"] = Id, ["reference"] = Id, ["description"] = Text(200), ["value"] = Money(10_000m, 2), ["validDays"] = Whole(1, 3650), ["source"] = Text(64),
            },
            AcceptedAs = "admin",
        },
        new("GET /api/coupons/{code}", Access.Read) { Path = Q(("code", seeds.CouponCode)), AcceptedAs = "admin" },
        new("GET /api/program", Access.Read) { AcceptedAs = "analyst" },
        new("GET /api/program/history", Access.Read) { AcceptedAs = "analyst" },
        new("GET /api/glance", Access.Read) { AcceptedAs = "analyst" },
        new("GET /api/campaigns", Access.Read) { AcceptedAs = "analyst" },
        new("GET /api/campaigns/{id}", Access.Read) { Path = Q(("id", "autumn")), AcceptedAs = "analyst" },
        new("PUT /api/program", Access.Change)
        {
            Json = () => JsonNode.Parse(seeds.ProgramSettings)!,
            Fields = ProgramFieldRules.All,
            AcceptedAs = "admin",
        },
        new("POST /api/program/preview", Access.Read)
        {
            Json = () => new JsonObject
            {
                ["settings"] = JsonNode.Parse(seeds.ProgramSettings)!,
                ["purchase"] = new JsonObject
                {
                    ["amount"] = 40, ["at"] = "2026-01-10T12:00:00Z", ["tier"] = "Gold",
                    ["lines"] = new JsonArray(new JsonObject { ["amount"] = 10, ["sku"] = "fz-latte", ["category"] = "coffee", ["quantity"] = 2 }),
                },
            },
            Fields = new Dictionary<string, ValueRule>(ProgramFieldRules.All.Select(r => KeyValuePair.Create("settings." + r.Key, r.Value)))
            {
                ["purchase.amount"] = Money(Require.AbsurdAmount - 0.01m, 4),
                ["purchase.at"] = new("a plausible time", Texts("1999-12-31T00:00:00Z", "2999-01-01T00:00:00Z")),
                ["purchase.tier"] = new("a tier of the program", Texts("", "Platinum", " Gold", "Go\u0000ld", new string('t', 41))),
                ["purchase.lines[].amount"] = Money(Require.AbsurdAmount - 0.01m, 4),
                ["purchase.lines[].sku"] = Text(64),
                ["purchase.lines[].category"] = Text(64),
                ["purchase.lines[].quantity"] = new("above 0, at most 10,000, 3 decimals", Numbers("0", "-1", "10000.001", "0.0001")),
            },
            AcceptedAs = "analyst",
        },
        new("GET /api/export/customers.csv", Access.Read) { AcceptedAs = "admin" },
        new("GET /api/export/ledger.csv", Access.Read) { AcceptedAs = "admin" },
        new("GET /api/export/rfm.csv", Access.Read) { AcceptedAs = "analyst" },
        new("GET /api/export/liability.csv", Access.Read)
        {
            Query = Q(("from", "2025-01"), ("to", "2025-06")), Queries = new Dictionary<string, ValueRule> { ["from"] = Month, ["to"] = Month }, AcceptedAs = "analyst",
        },
        new("POST /api/sessions", Access.Anyone)
        {
            Json = () => new JsonObject { ["operator"] = null, ["secret"] = GeneratedSilo.AdminToken },
            Fields = new Dictionary<string, ValueRule>
            {
                ["secret"] = new("a secret nobody has", Texts("wrong-secret", "", GeneratedSilo.AdminToken + "x", new string('s', 100_000))),
                ["operator"] = new("an operator nobody is", Texts("nobody-here", "no\u0000body", new string('n', 100_000))),
            },
            NotAcceptedBecause = "the run's failed logins throttle logins from this address for 15 minutes (429)",
        },
        new("GET /api/sessions/current", Access.Read) { AcceptedAs = "approver" },
        new("DELETE /api/sessions/current", Access.Read) { NotAcceptedBecause = "a bootstrap token is not a session (409), and the approver's session is still needed" },
        new("GET /api/terminals/credentials", Access.Change) { AcceptedAs = "admin" },
        new("POST /api/terminals/credentials", Access.Change)
        {
            Json = () => new JsonObject { ["storeId"] = "fz-store", ["terminalId"] = "fz-till-base", ["role"] = "Till", ["validDays"] = 30 },
            Fields = new Dictionary<string, ValueRule> { ["storeId"] = Id, ["terminalId"] = Id, ["validDays"] = Whole(1, 3650) },
            AcceptedAs = "admin",
        },
        new("POST /api/terminals/credentials/{credentialId}/revoke", Access.Change) { Path = Q(("credentialId", seeds.CredentialId)), AcceptedAs = "admin" },
        new("GET /api/operators", Access.Change) { AcceptedAs = "admin" },
        new("POST /api/operators", Access.Change)
        {
            Json = () => new JsonObject { ["name"] = "fz-op-base", ["role"] = "Analyst" },
            Fields = new Dictionary<string, ValueRule> { ["name"] = OperatorName(seeds.Operator) },
            AcceptedAs = "admin",
        },
        new("POST /api/operators/{name}/disable", Access.Change) { Path = Q(("name", seeds.Operator)), AcceptedAs = "admin" },
        new("GET /api/approvals", Access.Approve)
        {
            Query = Q(("status", "all"), ("take", "10")),
            Queries = new Dictionary<string, ValueRule> { ["status"] = OneOf("pending", "approved", "rejected", "declined", "all"), ["take"] = Whole(1, 1000) },
            AcceptedAs = "approver",
        },
        new("GET /api/approvals/{approvalId}", Access.Approve) { Path = Q(("approvalId", seeds.ApprovalToApprove)), AcceptedAs = "approver" },
        new("POST /api/approvals/{approvalId}/approve", Access.Approve) { Path = Q(("approvalId", seeds.ApprovalToApprove)), AcceptedAs = "approver" },
        new("POST /api/approvals/{approvalId}/reject", Access.Approve)
        {
            Path = Q(("approvalId", seeds.ApprovalToReject)),
            Json = () => new JsonObject { ["reason"] = "generated base" },
            Fields = new Dictionary<string, ValueRule> { ["reason"] = Text(500) },
            AcceptedAs = "admin",
        },
        new("GET /api/debts", Access.Read)
        {
            Query = Q(("after", seeds.Customer), ("take", "10")),
            Queries = new Dictionary<string, ValueRule> { ["after"] = Id, ["take"] = Whole(1, 1000) },
            AcceptedAs = "analyst",
        },
        new("GET /api/deadletters", Access.Read)
        {
            Query = Q(("store", "fz-store"), ("status", "all"), ("take", "10")),
            Queries = new Dictionary<string, ValueRule> { ["store"] = Id, ["status"] = OneOf("open", "booking", "booked", "dismissed", "all"), ["take"] = Whole(1, 10_000) },
            AcceptedAs = "admin",
        },
        new("GET /api/deadletters/{storeId}/{terminalId}/{businessDay}/{receiptId}", Access.Read) { Path = seeds.RetryLetter.Path, AcceptedAs = "admin" },
        new("POST /api/deadletters/{storeId}/{terminalId}/{businessDay}/{receiptId}/retry", Access.Change)
        {
            Path = seeds.RetryLetter.Path,
            Json = () => new JsonObject(),
            Fields = new Dictionary<string, ValueRule>
            {
                ["shiftMinutes"] = NonZeroWithin(366L * 24 * 60), ["cardId"] = CardId, ["amount"] = Money(999_999_999.9999m, 4),
            },
            AcceptedAs = "admin",
        },
        new("POST /api/deadletters/{storeId}/{terminalId}/{businessDay}/{receiptId}/dismiss", Access.Change)
        {
            Path = seeds.DismissLetter.Path,
            Json = () => new JsonObject { ["reason"] = "generated base" },
            Fields = new Dictionary<string, ValueRule> { ["reason"] = Text(500) },
            AcceptedAs = "admin",
        },
        new("POST /api/cards/{cardId}/replace", Access.Change)
        {
            Path = Q(("cardId", seeds.Card)),
            Json = () => new JsonObject { ["newCardId"] = seeds.UnissuedCard },
            Fields = new Dictionary<string, ValueRule> { ["newCardId"] = CardId },
            AcceptedAs = "admin",
        },
        new("POST /api/cards/{cardId}/block", Access.Change)
        {
            Path = Q(("cardId", seeds.BlockableCard)),
            Json = () => new JsonObject { ["reason"] = "generated base" },
            Fields = new Dictionary<string, ValueRule> { ["reason"] = Text(200) },
            AcceptedAs = "admin",
        },
        new("POST /api/customers/{customerId}/erase", Access.Change) { Path = Q(("customerId", seeds.ErasableCustomer)), AcceptedAs = "admin" },
    ];

    /// <summary>
    /// The spec of an operation the table above does not list: the Orleans Dashboard's own endpoints and the pages'
    /// root are views (refused wrong methods, no 5xx); anything else is unknown, so null.
    /// </summary>
    public static OperationSpec? View(ApiOperation operation) =>
        operation.Path == "/" || operation.Path.StartsWith("/dashboard", StringComparison.Ordinal)
            ? new OperationSpec(operation.Key, Access.View)
            {
                // The dashboard answers 404 for an address that is not one of the cluster's silos (issue 21).
                HostilePathsRefused = operation.Path.Contains("{address}", StringComparison.Ordinal),
            }
            : null;

    // The end of an uplift report's window: a timestamp from 1970 to 10 years ahead.
    private static readonly ValueRule Until = new("a timestamp from 1970 on, at most 10 years ahead",
        Texts("2025-13-01", "2025-02-30", "yesterday", "1969-12-31T00:00:00Z", "9999-12-31T00:00:00Z", "2025-01-01T25:00:00Z"));

    private static Dictionary<string, string> Q(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);
}
