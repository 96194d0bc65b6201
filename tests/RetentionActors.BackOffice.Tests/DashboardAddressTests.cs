using System.Net;

namespace RetentionActors.BackOffice.Tests;

/// <summary>The dashboard's per-silo views answer 404 for an address that is not one of the cluster's silos (they answered 500).</summary>
public sealed class DashboardAddressTests(BackOfficeSilo silo)
{
    [Theory]
    [InlineData("SiloStats/not-a-silo")]
    [InlineData("SiloProperties/S127.0.0.1:1:1")]
    [InlineData("SiloMetadata/x%20y")]
    [InlineData("SiloCounters/127.0.0.1:11111@1")]
    [InlineData("HistoricalStats/nx-ffb07323")]
    [InlineData("HistoricalStats/a%2Fb")]
    public async Task A_per_silo_view_of_an_address_that_is_no_silo_is_not_found(string view)
    {
        using var admin = silo.Admin();

        var answer = await admin.GetAsync($"/dashboard/{view}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Fact]
    public async Task A_per_silo_view_of_the_silo_itself_still_answers()
    {
        using var admin = silo.Admin();
        var hosts = await (await silo.GrainsAsync()).GetGrain<IManagementGrain>(0).GetHosts(true, Ct);
        var address = Assert.Single(hosts.Keys).ToParsableString();

        var properties = await admin.GetAsync($"/dashboard/SiloProperties/{address}", Ct);
        var history = await admin.GetAsync($"/dashboard/HistoricalStats/{address}", Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (properties.StatusCode, history.StatusCode));
    }
}
