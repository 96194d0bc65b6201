using System.Net.Http.Json;
using System.Text.Json;
using RetentionActors.Contracts.Customers;
using RetentionActors.Tests.Shared;

namespace RetentionActors.BackOffice.Tests.Webhooks;

/// <summary>The outbox forgets old events, but never one a subscription still needs, and never without telling a feed reader.</summary>
public sealed class EventRetentionTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Old_events_are_pruned_once_no_subscription_needs_them_and_a_reader_behind_them_is_told_not_skipped()
    {
        await using var silo = await WebhookSilo.StartAsync(settings: new Dictionary<string, string>
        {
            ["Events__Retention"] = "00:00:02",
            ["Events__PruneInterval"] = "00:00:00.5",
        });
        // A subscription from the start whose receiver never answers (nothing listens on port 9): it holds every event.
        var holding = await BackOfficeSilo.ReadAsync<JsonElement>(await silo.Admin.PostAsJsonAsync("/api/webhooks", new { url = "http://localhost:9/hold", after = "0" }, Ct));
        var grains = await silo.GrainsAsync();
        await grains.GetGrain<ICustomerGrain>("retained-" + Guid.NewGuid().ToString("N")[..12]).EnrollAsync(new CustomerProfile("Retained"));

        // Well past the retention, the subscription still holds them: the feed reads from the start.
        await Task.Delay(TimeSpan.FromSeconds(4), Ct);
        var page = await BackOfficeSilo.ReadAsync<JsonElement>(await silo.Admin.GetAsync("/api/events?after=0", Ct));
        Assert.NotEmpty(page.GetProperty("events").EnumerateArray());
        var head = page.GetProperty("next").GetString();

        // Without it, they go; a reader from the start hears that it missed them and where to resume.
        (await silo.Admin.DeleteAsync($"/api/webhooks/{holding.GetProperty("subscription").GetProperty("id").GetString()}", Ct)).EnsureSuccessStatusCode();
        var gone = await Eventually.Until(() => silo.Admin.GetAsync("/api/events?after=0", Ct), r => (int)r.StatusCode == 410, "the feed to answer 410 behind the pruned events", Within);
        var problem = await BackOfficeSilo.ProblemAsync(gone, 410);
        Assert.Contains($"resume with after={head}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // From where it was told to resume, the reader is caught up; a replay from a pruned position is refused.
        var resumed = await BackOfficeSilo.ReadAsync<JsonElement>(await silo.Admin.GetAsync($"/api/events?after={head}", Ct));
        Assert.Empty(resumed.GetProperty("events").EnumerateArray());
        var later = await BackOfficeSilo.ReadAsync<JsonElement>(await silo.Admin.PostAsJsonAsync("/api/webhooks", new { url = "http://localhost:9/later" }, Ct));
        var replay = await silo.Admin.PostAsJsonAsync($"/api/webhooks/{later.GetProperty("subscription").GetProperty("id").GetString()}/replay", new { from = "1" }, Ct);
        Assert.Contains("were deleted after the retention", (await BackOfficeSilo.ProblemAsync(replay, 400)).GetRawText(), StringComparison.Ordinal);
    }
}
