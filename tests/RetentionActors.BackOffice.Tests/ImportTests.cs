using System.Net;
using RetentionActors.Tests.Shared;
using System.Text.Json;

namespace RetentionActors.BackOffice.Tests;

public sealed class ImportTests(BackOfficeSilo silo)
{
    private record Report(int Rows, int Imported, int AlreadyImported, int CustomersCreated, List<Error> Errors);

    private record Error(int Line, string Message);

    [Fact]
    public async Task Import_creates_customers_reports_bad_rows_by_line_and_is_idempotent()
    {
        using var admin = silo.Admin();
        var csv = new[]
        {
            "imp-1,imp-r1,s1,2024-03-01T10:00:00Z,40.00,purchase,",          // line 2
            "imp-1,imp-r2,s1,2024-03-02T10:00:00Z,15.50,purchase,",          // line 3
            "imp-1,imp-r3,s1,2024-03-03T10:00:00Z,5.50,refund,imp-r2",       // line 4
            "imp-bad1,imp-r4,s1,2024-03-01 10:00,10,purchase,",              // line 5: not ISO 8601 UTC
            "imp-bad2,imp-r5,s1,2024-03-01T10:00:00Z,-3,purchase,",          // line 6: negative
            "imp-bad3,imp-r6,s1,2024-03-01T10:00:00Z,10,gift,",              // line 7: unknown kind
            "imp-bad4,imp-r7,s1,2024-03-01T10:00:00Z,99999999,purchase,",    // line 8: above the program maximum
            "imp-2,imp-r8,s1,2024-03-01T10:00:00+02:00,10,purchase,",        // line 9: not UTC
            "imp-1,imp-r9,s1,2024-03-04T10:00:00Z,5,refund,no-such-receipt", // line 10: refund of an unknown purchase
            "imp-3,imp-r10,s1,2024-03-05T10:00:00Z,12,purchase",             // line 11: 6 fields
            "imp-4,imp-r11,s2,2024-04-01T00:00:00Z,20,purchase,",            // line 12
        };
        var first = await BackOfficeSilo.ReadAsync<Report>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(csv), Ct));
        Assert.Equal(11, first.Rows);
        Assert.Equal(4, first.Imported);
        Assert.Equal(2, first.CustomersCreated);
        Assert.Equal([5, 6, 7, 8, 9, 10, 11], first.Errors.Select(e => e.Line));
        Assert.Contains("ISO 8601", first.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("UnknownReceipt", first.Errors.Single(e => e.Line == 10).Message, StringComparison.Ordinal);

        // Nothing of a bad row was written: its customer does not exist.
        foreach (var bad in new[] { "imp-bad1", "imp-bad2", "imp-bad3", "imp-bad4", "imp-2", "imp-3" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/customers/{bad}", Ct)).StatusCode);
        }

        // The same file again changes nothing.
        var second = await BackOfficeSilo.ReadAsync<Report>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(csv), Ct));
        Assert.Equal((0, 4, 0), (second.Imported, second.AlreadyImported, second.CustomersCreated));
        var ledger = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/customers/imp-1/ledger", Ct));
        Assert.Equal(["Purchase", "Purchase", "Refund"], ledger.EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        var customer = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/customers/imp-1", Ct));
        Assert.Equal(2, customer.GetProperty("customer").GetProperty("visitCount").GetInt32());
    }

    [Fact]
    public async Task An_import_naming_tills_and_business_days_keeps_daily_receipt_numbers_apart()
    {
        using var admin = silo.Admin();
        var csv = string.Join('\n',
            "customer_id,store_id,terminal_id,business_day,receipt_id,occurred_at,amount,kind,refund_of,refund_of_terminal,refund_of_day",
            "imp-day-1,s1,till-1,2024-05-01,1,2024-05-01T10:00:00Z,10,purchase,,,",        // line 2
            "imp-day-1,s1,till-1,2024-05-02,1,2024-05-02T10:00:00Z,20,purchase,,,",        // line 3: receipt 1 again, the next day
            "imp-day-1,s1,till-2,2024-05-02,1,2024-05-02T11:00:00Z,30,purchase,,,",        // line 4: and on the other till
            "imp-day-1,s1,till-1,,1,2024-05-02T12:00:00Z,20,purchase,,,",                  // line 5: line 3 again (its day is its UTC date)
            "imp-day-1,s1,till-9,2024-05-03,b1,2024-05-03T10:00:00Z,5,refund,1,,",         // line 6: which receipt 1?
            "imp-day-1,s1,till-9,2024-05-03,b1,2024-05-03T10:00:00Z,5,refund,1,till-2,2024-05-02", // line 7
            "imp-day-1,s1,till-1,2024-05-09,2,2024-05-01T10:00:00Z,5,purchase,,,",         // line 8: a day far from its time
            "imp-day-1,s1,till-1,05/01/2024,3,2024-05-01T10:00:00Z,5,purchase,,,",         // line 9: not yyyy-MM-dd
            "imp-day-1,s1,till-1,2024-05-01,4,2024-05-01T10:00:00Z,5,purchase,,till-1,") + "\n"; // line 10: a purchase refunds nothing

        var report = await BackOfficeSilo.ReadAsync<Report>(await admin.PostAsync("/api/import/purchases", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"), Ct));
        var ledger = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/customers/imp-day-1/ledger", Ct));

        Assert.Equal((9, 4, 1, 1), (report.Rows, report.Imported, report.AlreadyImported, report.CustomersCreated));
        Assert.Equal([6, 8, 9, 10], report.Errors.Select(e => e.Line));
        Assert.Contains("AmbiguousReceipt", report.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("BusinessDay", report.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("business_day '05/01/2024'", report.Errors[2].Message, StringComparison.Ordinal);
        Assert.Equal(["Purchase", "Purchase", "Purchase", "Refund"], ledger.EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("s1/till-2/2024-05-02/1", ledger.EnumerateArray().Last().GetProperty("refersTo").GetString());
    }

    [Fact]
    public async Task A_chunk_whose_client_disconnects_is_booked_to_its_end_audited_and_every_entry_names_the_operator()
    {
        var (session, name) = await silo.OperatorAsync("admin", "leaving");
        using var importer = session;
        using var admin = silo.Admin();
        var prefix = "gone-" + Guid.NewGuid().ToString("N")[..6];
        // Large enough that booking it takes well over a second: the client leaves while it is under way.
        var rows = Enumerable.Range(0, 6000)
            .Select(i => $"{prefix}-{i % 600},{prefix}-r{i},s1,2023-{1 + i % 12:00}-{1 + i % 28:00}T12:00:00Z,{1 + i % 40}.25,purchase,").ToArray();
        using var leave = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var sending = importer.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(rows), leave.Token);
        // The chunk's row is durable before anything is booked; once rows are being booked, the client goes away.
        var started = await Eventually.Until(() => ImportRowsAsync(admin, name), r => r.Count > 0, $"the started row of {name}'s chunk", TimeSpan.FromSeconds(60));
        Assert.Equal([("started", "6000 rows, lines 2-6001")], started.Select(r => (r.Outcome, r.Detail)));
        await Eventually.Until(async () => (await admin.GetAsync($"/api/customers/{prefix}-0", Ct)).StatusCode, s => s == HttpStatusCode.OK,
            $"the first customer of {name}'s chunk to be booked", TimeSpan.FromSeconds(60));
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        var finished = await Eventually.Until(() => ImportRowsAsync(admin, name), r => r.Count == 2, $"the outcome row of {name}'s chunk", TimeSpan.FromSeconds(120));
        Assert.Equal(("done; the client had gone away", $"6000 rows: 6000 imported, 0 already there, 600 customers created, 0 refused (chunk {started[0].Id})"),
            (finished[0].Outcome, finished[0].Detail));
        var booked = (await (await admin.GetAsync("/api/export/ledger.csv", Ct)).Content.ReadAsStringAsync(Ct)).Split('\n')
            .Where(l => l.StartsWith(prefix + "-", StringComparison.Ordinal)).ToList();
        Assert.Equal(6000, booked.Count);
        Assert.All(booked, l => Assert.Equal(name, l.Split(',')[14]));

        // Sent again, as the import command would: nothing is booked twice.
        var again = await BackOfficeSilo.ReadAsync<Report>(await importer.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(rows), Ct));
        Assert.Equal((0, 6000, 0), (again.Imported, again.AlreadyImported, again.CustomersCreated));
    }

    private sealed record AuditRow(string Id, string Outcome, string? Detail);

    // The import rows of one operator, newest first.
    private static async Task<List<AuditRow>> ImportRowsAsync(HttpClient admin, string operatorName)
    {
        var audit = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/audit?target=ledger&take=1000", Ct));
        return [.. audit.EnumerateArray()
            .Where(a => a.GetProperty("actor").GetString() == operatorName && a.GetProperty("action").GetString() == "import-purchases")
            .Select(a => new AuditRow(a.GetProperty("id").GetString()!, a.GetProperty("outcome").GetString()!, a.GetProperty("detail").GetString()))];
    }

    [Theory]
    [InlineData("")]
    [InlineData("customer,receipt\nx,y\n")]
    [InlineData("customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of,colour\nx,y\n")]
    [InlineData("customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of,kind\nx,y\n")]
    public async Task A_body_without_the_header_is_a_bad_request(string body)
    {
        using var admin = silo.Admin();
        var response = await admin.PostAsync("/api/import/purchases", new StringContent(body), Ct);
        var problem = await BackOfficeSilo.ProblemAsync(response, 400);
        Assert.Contains("customer_id,receipt_id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    // Between the server's default body limit (~28.6 MiB) and the 64 MB the import takes, a body once answered 500.
    [Fact]
    public async Task A_body_within_the_advertised_64_MB_is_read_and_one_above_it_is_refused_with_413()
    {
        using var admin = silo.Admin();
        var header = "customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of\n"u8.ToArray();
        byte[] Body(int megabytes) => [.. header, .. Enumerable.Repeat((byte)'\n', megabytes * 1024 * 1024)];

        var withinLimit = await admin.PostAsync("/api/import/purchases", new ByteArrayContent(Body(31)), Ct);
        // Expect: 100-continue, as large uploads do: the refusal comes before the body is sent.
        using var tooLarge = new HttpRequestMessage(HttpMethod.Post, "/api/import/purchases") { Content = new ByteArrayContent(Body(65)) };
        tooLarge.Headers.ExpectContinue = true;
        var overLimit = await admin.SendAsync(tooLarge, Ct);

        Assert.Equal(System.Net.HttpStatusCode.OK, withinLimit.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, overLimit.StatusCode);
    }

    // "5" and a NUL was once booked as 5; a megabyte of amount was once quoted back whole.
    [Fact]
    public async Task A_row_with_a_control_character_is_reported_not_booked_and_refusals_quote_only_the_start_of_a_field()
    {
        using var admin = silo.Admin();
        var customer = $"imp-nul-{Guid.NewGuid():N}"[..20];
        var csv = new[]
        {
            $"{customer},nul-r1,s1,2024-03-01T10:00:00Z,5\0,purchase,",               // line 2: NUL after the amount
            $"{customer},nul-r2,s1,2024-03-01T10:00:00Z,{new string('9', 100_000)}x,purchase,", // line 3: a huge amount
        };

        var report = await BackOfficeSilo.ReadAsync<Report>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(csv), Ct));

        Assert.Equal((2, 0), (report.Rows, report.Imported));
        Assert.Equal([2, 3], report.Errors.Select(e => e.Line));
        Assert.Contains("control character", report.Errors[0].Message, StringComparison.Ordinal);
        Assert.True(report.Errors[1].Message.Length < 200, $"the refusal is {report.Errors[1].Message.Length} characters long");
        Assert.Null(await (await silo.GrainsAsync()).GetGrain<RetentionActors.Contracts.Customers.ICustomerGrain>(customer).GetAsync());
    }

    // The same store and receipt once earned for two customers, and a repeated receipt with another amount was counted as
    // already imported without a word.
    [Fact]
    public async Task A_receipt_imported_for_one_customer_is_refused_for_another_and_with_another_amount_is_a_conflict()
    {
        using var admin = silo.Admin();
        var run = Guid.NewGuid().ToString("N")[..8];
        var (owner, other, newcomer) = ($"own-a-{run}", $"own-b-{run}", $"own-c-{run}");
        var first = await BackOfficeSilo.ReadAsync<Report>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(
        [
            $"{owner},r1-{run},s-own,2024-06-01T10:00:00Z,30.00,purchase,",
            $"{other},r2-{run},s-own,2024-06-01T11:00:00Z,12.00,purchase,",
        ]), Ct));
        Assert.Equal(2, first.Imported);

        var second = await BackOfficeSilo.ReadAsync<Report>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(
        [
            $"{other},r1-{run},s-own,2024-06-01T10:00:00Z,30.00,purchase,",    // line 2: the owner's receipt, for a known customer
            $"{newcomer},r1-{run},s-own,2024-06-01T10:00:00Z,30.00,purchase,", // line 3: the owner's receipt, for a new one
            $"{owner},r1-{run},s-own,2024-06-01T10:00:00Z,31.00,purchase,",    // line 4: the owner's receipt with another amount
            $"{owner},r1-{run},s-own,2024-06-01T10:00:00Z,30.00,purchase,",    // line 5: the same sale again
        ]), Ct));

        Assert.Equal((0, 1, 0), (second.Imported, second.AlreadyImported, second.CustomersCreated));
        Assert.Equal([2, 3, 4], second.Errors.Select(e => e.Line));
        Assert.All(second.Errors.Take(2), e => Assert.StartsWith("ReceiptOfAnotherCustomer:", e.Message, StringComparison.Ordinal));
        Assert.All(second.Errors, e => Assert.DoesNotContain(owner, e.Message, StringComparison.Ordinal));
        Assert.StartsWith("ReceiptConflict:", second.Errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("already recorded as a purchase of 30", second.Errors[2].Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/customers/{newcomer}", Ct)).StatusCode);
        foreach (var (customer, amount) in new[] { (owner, 30m), (other, 12m) })
        {
            var ledger = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync($"/api/customers/{customer}/ledger", Ct));
            Assert.Equal(amount, Assert.Single(ledger.EnumerateArray()).GetProperty("amount").GetDecimal());
        }
    }
}
