using System.Net.Http.Json;
using System.Text.Json;
using RetentionActors.Contracts.Customers;
using Microsoft.Data.Sqlite;
using RetentionActors.Storage.Hosting;
using RetentionActors.Tests.Shared;
using RetentionActors.Tests.Shared.Webhooks;

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
        // Nor can a new subscription start behind them, or a replay start after the newest event.
        var behind = await silo.Admin.PostAsJsonAsync("/api/webhooks", new { url = "http://localhost:9/behind", after = "0" }, Ct);
        Assert.Contains("were deleted after the retention", (await BackOfficeSilo.ProblemAsync(behind, 400)).GetRawText(), StringComparison.Ordinal);
        var ahead = await silo.Admin.PostAsJsonAsync($"/api/webhooks/{later.GetProperty("subscription").GetProperty("id").GetString()}/replay", new { from = "999999" }, Ct);
        Assert.Contains("after the newest event", (await BackOfficeSilo.ProblemAsync(ahead, 400)).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscription_that_finds_its_next_events_deleted_pauses_and_says_so_instead_of_skipping_them()
    {
        await using var silo = await WebhookSilo.StartAsync();
        await using var receiver = new TestReceiver { Failing = true };
        var created = await BackOfficeSilo.ReadAsync<JsonElement>(await silo.Admin.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url.ToString(), after = "0" }, Ct));
        receiver.Secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("subscription").GetProperty("id").GetString()!;
        var grains = await silo.GrainsAsync();
        for (var c = 0; c < 3; c++)
        {
            await grains.GetGrain<ICustomerGrain>($"gap-{c}-" + Guid.NewGuid().ToString("N")[..8]).EnrollAsync(new CustomerProfile("Gap " + c));
        }
        await Eventually.Until(() => receiver.Deliveries.Count > 0, "a first (refused) delivery", Within);

        // What a replay racing the pruning leaves behind: the subscription still at its old position, the events after it
        // gone. (Deleted here directly in the silo's database, as the pruning would.)
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(silo.Data, SqliteStorageExtensions.DatabaseFileName)};Default Timeout=30"))
        {
            await connection.OpenAsync(Ct);
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM outbox_events WHERE position <= 2";
            Assert.Equal(2, await delete.ExecuteNonQueryAsync(Ct));
        }
        receiver.Failing = false;

        var paused = await Eventually.Until(async () => await BackOfficeSilo.ReadAsync<JsonElement>(await silo.Admin.GetAsync($"/api/webhooks/{id}", Ct)),
            s => s.GetProperty("status").GetString() == "Paused", "the subscription to pause", Within);
        Assert.Contains("deleted after the retention", paused.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(receiver.Acknowledged);
    }
}
