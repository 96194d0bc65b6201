using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Tests.Shared;

namespace RetentionActors.BackOffice.Tests.Telemetry;

public sealed class MetricsTests(BackOfficeSilo silo)
{
    [Fact]
    public async Task Metrics_WithoutLogin_AreRefused()
    {
        using var anonymous = silo.Anonymous();

        var response = await anonymous.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task MetricsToken_OpensMetricsOnly()
    {
        using var scraper = silo.WithToken(BackOfficeSilo.MetricsToken);

        var scrape = await PrometheusScrape.ReadAsync(scraper);
        var customers = await scraper.GetAsync("/api/customers/demo-alan", TestContext.Current.CancellationToken);

        Assert.Contains("orleans_catalog_activations", scrape.Names);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, customers.StatusCode);
    }

    [Fact]
    public async Task Metrics_WithAWrongToken_AreRefused()
    {
        using var guesser = silo.WithToken(BackOfficeSilo.MetricsToken + "x");

        var response = await guesser.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_MoveWhenPurchasesAreMade()
    {
        using var analyst = silo.Analyst();
        var grains = await silo.GrainsAsync();
        var id = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        await grains.GetGrain<ICustomerGrain>(id).EnrollAsync(new CustomerProfile("Metrics Customer"));
        var before = await PrometheusScrape.ReadAsync(analyst);

        for (var i = 0; i < 3; i++)
        {
            var booked = await grains.GetGrain<ICustomerGrain>(id).EarnAsync(new Purchase("s1", "t1", $"{id}-r{i}", DateTimeOffset.UtcNow.AddMinutes(-1), 10m), null);
            Assert.True(booked.IsAccepted, booked.Declined?.Message);
        }
        var replayed = await grains.GetGrain<ICustomerGrain>(id).EarnAsync(new Purchase("s1", "t1", $"{id}-r0", DateTimeOffset.UtcNow.AddMinutes(-1), 10m), null);
        Assert.True(replayed.Replayed);
        var declined = await grains.GetGrain<ICustomerGrain>(id + "-never-enrolled").EarnAsync(new Purchase("s1", "t1", $"{id}-x", DateTimeOffset.UtcNow, 10m), null);
        Assert.Equal(DeclineReason.NotEnrolled, declined.Declined?.Reason);

        // The exporter may answer a scrape from a short cache: wait for one taken after the purchases.
        var after = await Eventually.Until(() => PrometheusScrape.ReadAsync(analyst),
            scrape => scrape.Sum(Names.Accruals) >= before.Sum(Names.Accruals) + 3, "the accruals to be counted", TimeSpan.FromSeconds(10));
        Assert.True(after.Sum(Names.Declines, "reason=\"NotEnrolled\"", "operation=\"EarnAsync\"") >= before.Sum(Names.Declines, "reason=\"NotEnrolled\"", "operation=\"EarnAsync\"") + 1,
            after.Text);
        Assert.True(after.Sum(Names.GroupCommitSizeCount) >= before.Sum(Names.GroupCommitSizeCount) + 3, after.Text);
        Assert.True(after.Sum(Names.GroupCommitDurationCount) >= before.Sum(Names.GroupCommitDurationCount) + 3, after.Text);
        Assert.Contains(Names.StoreWriteFailures, after.Names);
        Assert.True(after.Sum(Names.OrleansActivations) > 0, after.Text);
    }

    /// <summary>The Prometheus names of what these tests read (OpenTelemetry's names, with the unit and _total added).</summary>
    public static class Names
    {
        public const string Accruals = "retention_accruals_total";
        public const string Declines = "retention_declines_total";
        public const string GroupCommitSizeCount = "retention_group_commit_size_count";
        public const string GroupCommitDurationCount = "retention_group_commit_duration_seconds_count";
        public const string StoreWriteFailures = "retention_store_write_failures_total";
        public const string OrleansActivations = "orleans_catalog_activations";
    }
}
