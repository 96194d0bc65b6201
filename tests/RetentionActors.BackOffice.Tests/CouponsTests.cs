using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RetentionActors.Contracts.Customers;

namespace RetentionActors.BackOffice.Tests;

public sealed class CouponsTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task A_partner_coupon_is_issued_once_per_reference_and_readable_by_its_code()
    {
        var grains = await silo.GrainsAsync();
        await grains.GetGrain<ICustomerGrain>("coupon-1").EnrollAsync(new CustomerProfile("Coupon Customer"));
        using var admin = silo.Admin();
        using var analyst = silo.Analyst();
        var request = new { customerId = "coupon-1", reference = "partner-cinema-7", kind = "PartnerOffer", description = "Two cinema tickets for one", value = 9.5m, validDays = 60 };

        var first = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/coupons", request, Ct));
        var again = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/coupons", request, Ct));
        var code = first.GetProperty("code").GetString()!;
        var read = await BackOfficeSilo.ReadAsync<JsonElement>(await analyst.GetAsync("/api/coupons/" + code, Ct));

        Assert.Equal(code, again.GetProperty("code").GetString());
        Assert.Equal(("coupon-1", "Two cinema tickets for one"), (read.GetProperty("customerId").GetString(), read.GetProperty("description").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/coupons", request, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/coupons", request with { customerId = "coupon-nobody" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/api/coupons/CNOSUCHCODE", Ct)).StatusCode);
        await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/coupons", request with { validDays = 0 }, Ct), 400);
    }

    // The same customer and reference with other terms was answered 200 with the coupon issued before, as if it were done.
    [Fact]
    public async Task The_same_reference_with_other_terms_is_a_conflict_and_the_first_coupon_stays_as_issued()
    {
        var grains = await silo.GrainsAsync();
        var customerId = $"coupon-{Guid.NewGuid():N}"[..20];
        await grains.GetGrain<ICustomerGrain>(customerId).EnrollAsync(new CustomerProfile("Coupon Terms"));
        using var admin = silo.Admin();
        var request = new { customerId, reference = "terms-1", kind = "FixedDiscount", description = "Five off", value = 5m, validDays = 30 };
        var first = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/coupons", request, Ct));

        var dearer = await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/coupons", request with { value = 50m }, Ct), 409);
        var longer = await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/coupons", request with { validDays = 300 }, Ct), 409);
        var retry = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/coupons", request, Ct));

        var code = first.GetProperty("code").GetString()!;
        Assert.Contains("on other terms", dearer.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(code, longer.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(first.GetRawText(), retry.GetRawText());
        var stored = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.GetAsync("/api/coupons/" + code, Ct));
        Assert.Equal((5m, first.GetProperty("expiresAt").GetString()), (stored.GetProperty("value").GetDecimal(), stored.GetProperty("expiresAt").GetString()));
    }

    // Once issued as asked: a coupon worth nothing, one worth the largest decimal, a megabyte of "source" with markup.
    [Theory]
    [InlineData("0", "partner")]
    [InlineData("-1", "partner")]
    [InlineData("79228162514264337593543950335", "partner")]
    [InlineData("10001", "partner")]
    [InlineData("0.001", "partner")]
    [InlineData("5", "<script>\u0007")]
    [InlineData("5", "")]
    public async Task A_coupon_without_a_sensible_value_or_source_is_refused_and_nothing_is_issued(string value, string source)
    {
        var grains = await silo.GrainsAsync();
        var customerId = $"coupon-{Guid.NewGuid():N}"[..20];
        await grains.GetGrain<ICustomerGrain>(customerId).EnrollAsync(new CustomerProfile("Coupon Bounds"));
        using var admin = silo.Admin();
        using var body = new StringContent(
            $$"""{"customerId":"{{customerId}}","reference":"bounds-1","kind":"FixedDiscount","description":"Five off","value":{{value}},"validDays":30,"source":"{{source}}"}""",
            System.Text.Encoding.UTF8, "application/json");

        await BackOfficeSilo.ProblemAsync(await admin.PostAsync("/api/coupons", body, Ct), 400);
        // Issuing is once per reference: had the refused one been issued, this would answer it, not a new coupon.
        var valid = await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsJsonAsync("/api/coupons",
            new { customerId, reference = "bounds-1", kind = "FixedDiscount", description = "Five off", value = 5m, validDays = 30, source = "partner" }, Ct));

        Assert.Equal((5m, "partner"), (valid.GetProperty("value").GetDecimal(), valid.GetProperty("source").GetString()));
    }

    // Each was once taken: the misspelt field ignored (a 90-day coupon), the first of two values dropped, a kind by number.
    [Theory]
    [InlineData(""","valid_days":7""", "valid_days")]
    [InlineData(""","value":5""", "value")]
    [InlineData(""","VALUE":500""", "VALUE")]
    [InlineData(""","kind":1""", "kind")]
    public async Task A_body_with_a_field_the_request_does_not_have_twice_or_as_a_number_for_a_name_is_refused_naming_it(string extra, string field)
    {
        var grains = await silo.GrainsAsync();
        var customerId = $"coupon-{Guid.NewGuid():N}"[..20];
        await grains.GetGrain<ICustomerGrain>(customerId).EnrollAsync(new CustomerProfile("Coupon Strict"));
        using var admin = silo.Admin();
        using var body = new StringContent(
            $$"""{"customerId":"{{customerId}}","reference":"strict-1","kind":"FixedDiscount","description":"Five off","value":5{{extra}}}""",
            System.Text.Encoding.UTF8, "application/json");

        var problem = await BackOfficeSilo.ProblemAsync(await admin.PostAsync("/api/coupons", body, Ct), 400);

        Assert.Contains(field, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Empty((await grains.GetGrain<ICustomerGrain>(customerId).GetAsync())!.Coupons);
    }

    [Fact]
    public async Task A_megabyte_of_source_is_refused_and_the_refusal_does_not_repeat_it()
    {
        using var admin = silo.Admin();
        var request = new { customerId = "coupon-1", reference = "big-source", kind = "FixedDiscount", description = "Five off", value = 5m, validDays = 30, source = new string('x', 1_000_000) };

        var problem = await BackOfficeSilo.ProblemAsync(await admin.PostAsJsonAsync("/api/coupons", request, Ct), 400);

        Assert.True(problem.GetRawText().Length < 2_000, $"the refusal is {problem.GetRawText().Length} characters long");
    }
}
