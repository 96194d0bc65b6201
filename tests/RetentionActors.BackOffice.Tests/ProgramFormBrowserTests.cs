using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// The program form in headless Chromium (launched as <see cref="BrowserTests"/> does): an admin adds a tier and saves
/// (a new version in the history, and its difference from the one before), enters a value the engine refuses and reads
/// the engine's message at that field (nothing saved), and previews a purchase. On a silo of its own: other tests
/// compare the shared silo's program version before and after what they do.
/// </summary>
public sealed partial class ProgramFormBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task An_admin_edits_a_tier_in_the_form_sees_the_engines_message_at_a_refused_value_and_previews_a_purchase()
    {
        Assert.SkipUnless(File.Exists(Chromium) || Environment.GetEnvironmentVariable("CI") is not null, "Chromium is not installed (apt-get install chromium).");
        var data = Directory.CreateTempSubdirectory("retention-program-form-").FullName;
        try
        {
            await EditAsync(data);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task EditAsync(string data)
    {
        // No demo data: the program is at its defaults and nothing else writes it.
        await using var silo = await SiloProcess.StartAsync(data, new Dictionary<string, string> { ["RETENTION_ADMIN_TOKEN"] = BackOfficeSilo.AdminToken });
        var baseUrl = (await silo.DashboardUrl).Replace("/dashboard/", "/", StringComparison.Ordinal);
        using var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BackOfficeSilo.AdminToken);
        // A first version saved through the API, so that the form's save has one to be compared with.
        (await api.PutAsJsonAsync("/api/program", (await ProgramAsync(api)).Settings, Ct)).EnsureSuccessStatusCode();
        var before = await ProgramAsync(api);
        var tiers = before.Settings["tiers"]!.AsArray().Count;
        var tier = "Browser" + Guid.NewGuid().ToString("N")[..6];
        var admin = "browser-program";
        var secret = (await BackOfficeSilo.ReadAsync<JsonElement>(await api.PostAsJsonAsync("/api/operators", new { name = admin, role = "admin" }, Ct)))
            .GetProperty("secret").GetString()!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = baseUrl, ViewportSize = new() { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(90_000);
        Assertions.SetDefaultExpectTimeout(90_000);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await BrowserTests.LogInAsync(page, admin, secret);
        await page.GotoAsync("/backoffice/program.html");
        await Assertions.Expect(page.Locator("#version")).ToContainTextAsync($"Version {before.Version}");
        Assert.Empty(await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('main input, main select, main textarea')].filter(c => c.labels.length === 0 && !c.getAttribute('aria-label')).map(c => c.id)"));

        // A tier added in the form and saved: the lowest starts at 0, any other at a spend no tier has.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add tier" }).ClickAsync();
        await page.FillAsync($"#f-tiers-{tiers}-name", tier);
        await page.FillAsync($"#f-tiers-{tiers}-minimumSpend", tiers == 0 ? "0" : "987654.32");
        await page.FillAsync($"#f-tiers-{tiers}-earnMultiplier", "1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as a new version" }).ClickAsync();
        await Assertions.Expect(page.Locator("#result")).ToHaveTextAsync($"Saved: version {before.Version + 1}.");
        var saved = await ProgramAsync(api);
        Assert.Equal(before.Version + 1, saved.Version);
        Assert.Equal(tier, saved.Settings["tiers"]![tiers]!["name"]!.GetValue<string>());
        await Assertions.Expect(page.Locator("#history tbody tr").First).ToContainTextAsync($"{before.Version + 1}{admin}");
        await Assertions.Expect(page.Locator("#diff")).ToContainTextAsync($"Tier “{tier}”: earn multiplier");

        // A multiplier the engine refuses: its message at the field, and nothing saved.
        var multiplier = page.Locator($"#f-tiers-{tiers}-earnMultiplier");
        await multiplier.FillAsync("500");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as a new version" }).ClickAsync();
        await Assertions.Expect(page.Locator($"#f-tiers-{tiers}-earnMultiplier-problem")).ToHaveTextAsync("A tier's earn multiplier must be 0 to 100.");
        await Assertions.Expect(multiplier).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#problems")).ToContainTextAsync("nothing was saved");
        Assert.Equal(saved.Version, (await ProgramAsync(api)).Version);

        // Back to a sound draft, a preview of a purchase by the new tier, as the engine answers it.
        await multiplier.FillAsync("1");
        await page.FillAsync("#p-amount", "40");
        await page.SelectOptionAsync("#p-tier", tier);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        var expected = await BackOfficeSilo.ReadAsync<JsonElement>(await api.PostAsJsonAsync("/api/program/preview",
            new { settings = saved.Settings, purchase = new { amount = 40, tier } }, Ct));
        await Assertions.Expect(page.Locator("#preview-result [data-preview=total]")).ToHaveTextAsync($"In all: {expected.GetProperty("totalPoints").GetInt64()} points");
        await Assertions.Expect(page.Locator($"#f-tiers-{tiers}-earnMultiplier-problem")).ToBeEmptyAsync();

        // Times as the operator reads them, never as ISO text.
        Assert.DoesNotMatch(IsoTime(), await page.Locator("main").InnerTextAsync());
        var shots = Directory.CreateTempSubdirectory("program-form-").FullName;
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "program-1400.png"), FullPage = true });
        await page.SetViewportSizeAsync(820, 1180);
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "program-tablet.png"), FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshots of the program page: {shots}");
        Assert.Empty(errors);
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex IsoTime();

    private static async Task<(int Version, JsonNode Settings)> ProgramAsync(HttpClient client)
    {
        var info = await BackOfficeSilo.ReadAsync<JsonElement>(await client.GetAsync("/api/program", Ct));
        return (info.GetProperty("version").GetInt32(), JsonNode.Parse(info.GetProperty("settings").GetRawText())!);
    }

}
