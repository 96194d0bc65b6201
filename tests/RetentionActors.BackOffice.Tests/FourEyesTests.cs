using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.BackOffice.Tests;

/// <summary>Adjustments above the program's approval threshold (the demo program's: 1,000 points) need a second operator.</summary>
public sealed class FourEyesTests(BackOfficeSilo silo)
{
    private async Task<long> AboveThresholdAsync()
    {
        using var analyst = silo.Analyst();
        var threshold = (await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/program", Ct))).GetProperty("settings").GetProperty("adjustmentApprovalThreshold").GetInt64();
        Assert.True(threshold > 0, "The demo program should set an adjustment approval threshold.");
        return threshold + 100;
    }

    private async Task<string> CustomerAsync(string prefix)
    {
        var id = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var grains = await silo.GrainsAsync();
        var card = "nfc:04" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        await grains.GetGrain<ICustomerGrain>(id).EnrollAsync(new CustomerProfile("Four Eyes " + id));
        await grains.GetGrain<ILoyaltyCardGrain>(card).LinkAsync(id);
        await grains.GetGrain<ICustomerGrain>(id).EarnAsync(new Purchase("s1", "t1", id + "-r1", DateTimeOffset.UtcNow.AddDays(-1), 20m), CardId.Parse(card));
        return id;
    }

    private static async Task<(long Balance, int Entries)> StateAsync(HttpClient client, string customer) =>
        ((await BackOfficeSilo.ReadAsync<JsonElement>(await client.GetAsync($"/api/customers/{customer}", Ct))).GetProperty("customer").GetProperty("balance").GetInt64(),
         (await BackOfficeSilo.ReadAsync<JsonElement>(await client.GetAsync($"/api/customers/{customer}/ledger", Ct))).GetArrayLength());

    [Fact]
    public async Task A_large_adjustment_waits_until_another_operator_approves_it_in_their_own_session_and_both_are_named()
    {
        var points = await AboveThresholdAsync();
        var customer = await CustomerAsync("four");
        var (asker, a) = await silo.OperatorAsync("admin", "asker");
        var (approver, b) = await silo.OperatorAsync("approver", "approver");
        var before = await StateAsync(asker, customer);

        var asked = await asker.PostAsJsonAsync($"/api/customers/{customer}/adjustments", new { reference = "BIG-1", points, reason = "Compensation" }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var pending = await BackOfficeSilo.ReadAsync<JsonElement>(asked);
        var id = pending.GetProperty("id").GetString()!;
        Assert.Equal((customer, "BIG-1", points, "Compensation", a, "Pending"), (pending.GetProperty("customerId").GetString(), pending.GetProperty("reference").GetString(),
            pending.GetProperty("points").GetInt64(), pending.GetProperty("reason").GetString(), pending.GetProperty("requestedBy").GetString(), pending.GetProperty("status").GetString()));
        Assert.Equal(before, await StateAsync(asker, customer));
        var listed = await BackOfficeSilo.ReadAsync<JsonElement>(await approver.GetAsync("/api/approvals", Ct));
        Assert.Contains(listed.EnumerateArray(), p => p.GetProperty("id").GetString() == id);
        // Asking again with the same reference is the same request, still waiting.
        var repeated = await asker.PostAsJsonAsync($"/api/customers/{customer}/adjustments", new { reference = "BIG-1", points, reason = "Compensation" }, Ct);
        Assert.Equal((HttpStatusCode.Accepted, id), (repeated.StatusCode, (await BackOfficeSilo.ReadAsync<JsonElement>(repeated)).GetProperty("id").GetString()));

        var approved = await BackOfficeSilo.ReadAsync<JsonElement>(await approver.PostAsync($"/api/approvals/{id}/approve", null, Ct));

        Assert.Equal((points, false), (approved.GetProperty("result").GetProperty("points").GetInt64(), approved.GetProperty("result").GetProperty("replayed").GetBoolean()));
        Assert.Equal(("Approved", b), (approved.GetProperty("approval").GetProperty("status").GetString(), approved.GetProperty("approval").GetProperty("decidedBy").GetString()));
        Assert.Equal((before.Balance + points, before.Entries + 1), await StateAsync(asker, customer));
        var entry = (await BackOfficeSilo.ReadAsync<JsonElement>(await asker.GetAsync($"/api/customers/{customer}/ledger", Ct))).EnumerateArray().Last();
        Assert.Equal(("Adjustment", points, a, b), (entry.GetProperty("kind").GetString(), entry.GetProperty("points").GetInt64(),
            entry.GetProperty("operatorId").GetString(), entry.GetProperty("approvedBy").GetString()));
        var export = (await (await asker.GetAsync("/api/export/ledger.csv", Ct)).Content.ReadAsStringAsync(Ct)).Split('\n');
        Assert.EndsWith(",operator_id,approved_by", export[0], StringComparison.Ordinal);
        Assert.Contains(export, l => l.StartsWith($"{customer},2,Adjustment,{points},", StringComparison.Ordinal) && l.EndsWith($",Compensation,{a},{b}", StringComparison.Ordinal));
        var audit = (await BackOfficeSilo.ReadAsync<JsonElement>(await asker.GetAsync($"/api/audit?target={customer}", Ct))).EnumerateArray().ToList();
        // Three changes, each with the row its own write carried: the request, the decision, the points.
        Assert.Equal([(b, "adjust", "done"), (b, "approve-adjustment", "approved"), (a, "request-adjustment", $"awaiting approval {id}")],
            audit.Select(r => (r.GetProperty("actor").GetString(), r.GetProperty("action").GetString(), r.GetProperty("outcome").GetString())));
        Assert.Contains($"asked by {a}, approved by {b}", audit[0].GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Accepting twice, or asking again, adjusts once.
        var twice = await BackOfficeSilo.ReadAsync<JsonElement>(await approver.PostAsync($"/api/approvals/{id}/approve", null, Ct));
        var askedAgain = await BackOfficeSilo.ReadAsync<JsonElement>(await asker.PostAsJsonAsync($"/api/customers/{customer}/adjustments", new { reference = "BIG-1", points, reason = "Compensation" }, Ct));
        Assert.Equal((true, true), (twice.GetProperty("result").GetProperty("replayed").GetBoolean(), askedAgain.GetProperty("replayed").GetBoolean()));
        Assert.Equal((before.Balance + points, before.Entries + 1), await StateAsync(asker, customer));
        var stillPending = await BackOfficeSilo.ReadAsync<JsonElement>(await approver.GetAsync("/api/approvals", Ct));
        Assert.DoesNotContain(stillPending.EnumerateArray(), p => p.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task The_operator_who_asked_cannot_approve_their_own_adjustment()
    {
        var points = await AboveThresholdAsync();
        var customer = await CustomerAsync("self");
        var (asker, a) = await silo.OperatorAsync("admin", "self");
        using var bootstrap = silo.Admin();
        var before = await StateAsync(asker, customer);
        var mine = (await BackOfficeSilo.ReadAsync<JsonElement>(await asker.PostAsJsonAsync($"/api/customers/{customer}/adjustments",
            new { reference = "SELF-1", points, reason = "Compensation" }, Ct))).GetProperty("id").GetString();
        var bootstraps = (await BackOfficeSilo.ReadAsync<JsonElement>(await bootstrap.PostAsJsonAsync($"/api/customers/{customer}/adjustments",
            new { reference = "SELF-2", points, reason = "Compensation" }, Ct))).GetProperty("id").GetString();

        var refused = await BackOfficeSilo.ProblemAsync(await asker.PostAsync($"/api/approvals/{mine}/approve", null, Ct), 403);
        await BackOfficeSilo.ProblemAsync(await bootstrap.PostAsync($"/api/approvals/{bootstraps}/approve", null, Ct), 403);

        Assert.Contains($"{a} asked for this adjustment and cannot also approve it", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(asker, customer));
        Assert.Equal("Pending", (await BackOfficeSilo.ReadAsync<JsonElement>(await asker.GetAsync($"/api/approvals/{mine}", Ct))).GetProperty("status").GetString());
        Assert.Equal("Pending", (await BackOfficeSilo.ReadAsync<JsonElement>(await asker.GetAsync($"/api/approvals/{bootstraps}", Ct))).GetProperty("status").GetString());
        Assert.DoesNotContain((await BackOfficeSilo.ReadAsync<JsonElement>(await asker.GetAsync($"/api/audit?target={customer}", Ct))).EnumerateArray(),
            r => r.GetProperty("action").GetString() == "approve-adjustment");
    }

    [Fact]
    public async Task Two_approvers_accepting_at_once_adjust_once_and_the_ledger_names_the_one_who_won()
    {
        var points = await AboveThresholdAsync();
        var customer = await CustomerAsync("race");
        var (asker, _) = await silo.OperatorAsync("admin", "racer");
        var (first, _) = await silo.OperatorAsync("approver", "first");
        var (second, _) = await silo.OperatorAsync("admin", "second");
        var before = await StateAsync(asker, customer);
        var id = (await BackOfficeSilo.ReadAsync<JsonElement>(await asker.PostAsJsonAsync($"/api/customers/{customer}/adjustments",
            new { reference = "RACE-1", points, reason = "Compensation" }, Ct))).GetProperty("id").GetString();

        var answers = await Task.WhenAll(first.PostAsync($"/api/approvals/{id}/approve", null, Ct), second.PostAsync($"/api/approvals/{id}/approve", null, Ct));

        var outcomes = await Task.WhenAll(answers.Select(BackOfficeSilo.ReadAsync<JsonElement>));
        Assert.Equal([false, true], outcomes.Select(o => o.GetProperty("result").GetProperty("replayed").GetBoolean()).Order());
        Assert.Equal((before.Balance + points, before.Entries + 1), await StateAsync(asker, customer));
        var winner = (await BackOfficeSilo.ReadAsync<JsonElement>(await asker.GetAsync($"/api/approvals/{id}", Ct))).GetProperty("decidedBy").GetString();
        var entry = (await BackOfficeSilo.ReadAsync<JsonElement>(await asker.GetAsync($"/api/customers/{customer}/ledger", Ct))).EnumerateArray().Last();
        Assert.Equal(winner, entry.GetProperty("approvedBy").GetString());
    }

    [Fact]
    public async Task A_rejected_adjustment_moves_nothing_and_cannot_be_approved_or_asked_again()
    {
        var points = await AboveThresholdAsync();
        var customer = await CustomerAsync("reject");
        var (asker, _) = await silo.OperatorAsync("admin", "rejected");
        using var approver = await silo.NamedApproverAsync();
        var before = await StateAsync(asker, customer);
        var id = (await BackOfficeSilo.ReadAsync<JsonElement>(await asker.PostAsJsonAsync($"/api/customers/{customer}/adjustments",
            new { reference = "REJ-1", points, reason = "Compensation" }, Ct))).GetProperty("id").GetString();

        await BackOfficeSilo.ProblemAsync(await approver.PostAsJsonAsync($"/api/approvals/{id}/reject", new { reason = "" }, Ct), 400);
        var rejected = await BackOfficeSilo.ReadAsync<JsonElement>(await approver.PostAsJsonAsync($"/api/approvals/{id}/reject", new { reason = "No ticket for this" }, Ct));

        Assert.Equal(("Rejected", "No ticket for this"), (rejected.GetProperty("status").GetString(), rejected.GetProperty("decisionNote").GetString()));
        var late = await BackOfficeSilo.ProblemAsync(await approver.PostAsync($"/api/approvals/{id}/approve", null, Ct), 409);
        Assert.Contains("rejected", late.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await BackOfficeSilo.ProblemAsync(await asker.PostAsJsonAsync($"/api/customers/{customer}/adjustments", new { reference = "REJ-1", points, reason = "Compensation" }, Ct), 409);
        await BackOfficeSilo.ProblemAsync(await approver.PostAsJsonAsync($"/api/approvals/{id}/reject", new { reason = "again" }, Ct), 409);
        Assert.Equal(before, await StateAsync(asker, customer));
        var audit = (await BackOfficeSilo.ReadAsync<JsonElement>(await asker.GetAsync($"/api/audit?target={customer}", Ct))).EnumerateArray();
        // The second rejection changed nothing, and says so.
        Assert.Equal([("reject-adjustment", $"already rejected by {rejected.GetProperty("decidedBy").GetString()}"), ("reject-adjustment", "rejected: No ticket for this"),
            ("request-adjustment", $"awaiting approval {id}")], audit.Select(r => (r.GetProperty("action").GetString(), r.GetProperty("outcome").GetString())));
        Assert.Equal(HttpStatusCode.NotFound, (await approver.PostAsync("/api/approvals/adj-nonexistent/approve", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_approved_adjustment_the_engine_declines_moves_nothing_and_says_why()
    {
        var points = await AboveThresholdAsync();
        var customer = await CustomerAsync("decline");
        var (asker, _) = await silo.OperatorAsync("admin", "decliner");
        using var approver = await silo.NamedApproverAsync();
        var before = await StateAsync(asker, customer);
        // Taking away more than the customer has: the threshold is checked when asking, the balance when the points move.
        var id = (await BackOfficeSilo.ReadAsync<JsonElement>(await asker.PostAsJsonAsync($"/api/customers/{customer}/adjustments",
            new { reference = "NEG-1", points = -points, reason = "Fraud" }, Ct))).GetProperty("id").GetString();

        var declined = await BackOfficeSilo.ProblemAsync(await approver.PostAsync($"/api/approvals/{id}/approve", null, Ct), 409);

        Assert.Equal("InsufficientPoints", declined.GetProperty("title").GetString());
        Assert.Equal(before, await StateAsync(asker, customer));
        var approval = await BackOfficeSilo.ReadAsync<JsonElement>(await asker.GetAsync($"/api/approvals/{id}", Ct));
        Assert.Equal("Declined", approval.GetProperty("status").GetString());
        Assert.Contains("points", approval.GetProperty("decisionNote").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analysts_can_neither_see_nor_decide_approvals_and_approvers_cannot_adjust()
    {
        var points = await AboveThresholdAsync();
        var customer = await CustomerAsync("roles");
        using var admin = silo.Admin();
        var id = (await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync($"/api/customers/{customer}/adjustments",
            new { reference = "ROLE-1", points, reason = "Compensation" }, Ct))).GetProperty("id").GetString();
        using var analyst = await silo.NamedAnalystAsync();
        using var approver = await silo.NamedApproverAsync();

        await BackOfficeSilo.ProblemAsync(await analyst.GetAsync("/api/approvals", Ct), 403);
        await BackOfficeSilo.ProblemAsync(await analyst.PostAsync($"/api/approvals/{id}/approve", null, Ct), 403);
        await BackOfficeSilo.ProblemAsync(await analyst.PostAsJsonAsync($"/api/approvals/{id}/reject", new { reason = "no" }, Ct), 403);
        await BackOfficeSilo.ProblemAsync(await approver.PostAsJsonAsync($"/api/customers/{customer}/adjustments", new { reference = "ROLE-2", points = 5, reason = "x" }, Ct), 403);

        Assert.Equal("Pending", (await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync($"/api/approvals/{id}", Ct))).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("Pending,Approved")]
    [InlineData("nonsense")]
    public async Task Approvals_are_listed_by_a_status_name_and_a_number_or_list_is_refused(string status)
    {
        using var admin = silo.Admin();

        var response = await admin.GetAsync($"/api/approvals?status={Uri.EscapeDataString(status)}", Ct);

        var problem = await BackOfficeSilo.ProblemAsync(response, 400);
        Assert.Contains("status", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
