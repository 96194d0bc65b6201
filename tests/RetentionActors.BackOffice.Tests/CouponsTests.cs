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
        var request = new { customerId = "coupon-1", reference = "partner-cinema-7", kind = "PartnerOffer", description = "Two cinema tickets for one", value = 0m, validDays = 60 };

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
}
