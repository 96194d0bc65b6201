using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// Issue 19's walk through the back office in headless Chromium, as an operator in Paris with a British browser: log in, read
/// the home page's figures, find a customer, block one card and replace another, page the ledger, open a campaign. Then every
/// page is checked with axe-core (no serious or critical violation), scanned for raw ISO timestamps, and photographed at
/// desktop and tablet width into a folder the test prints.
/// </summary>
public sealed partial class BackOfficeWalkTests(BackOfficeSilo silo)
{
    internal static readonly string[] s_pages =
    [
        "index.html", "customer.html?id={customer}", "campaigns.html", "campaign.html?id={campaign}", "program.html", "analytics.html",
        "liability.html", "dormant.html", "uplift.html", "approvals.html", "deadletters.html", "debts.html", "webhooks.html",
        "terminals.html", "operators.html", "import.html",
    ];

    private static readonly (string Name, int Width, int Height)[] s_sizes = [("desktop", 1400, 1000), ("tablet", 820, 1180)];

    [Fact]
    public async Task An_operator_walks_every_page_which_is_accessible_shows_no_raw_timestamps_and_is_photographed()
    {
        Assert.SkipUnless(File.Exists(BrowserTests.Chromium) || Environment.GetEnvironmentVariable("CI") is not null, "Chromium is not installed (apt-get install chromium).");
        var run = Guid.NewGuid().ToString("N")[..8];
        var customer = "walk-" + run;
        var (lost, kept, fresh) = ($"nfc:04AA{run.ToUpperInvariant()}00", $"nfc:04BB{run.ToUpperInvariant()}00", $"nfc:04CC{run.ToUpperInvariant()}00");
        await SeedCustomerAsync(customer, lost, kept);
        var (campaign, gift, spend) = await AddCampaignsAsync("walk-" + run);
        await RedeemGiftAsync(gift, run, spend);
        var (admin, secret) = await silo.CreateOperatorAsync("admin", "walker");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            BaseURL = silo.BaseUrl.ToString(),
            Locale = "en-GB",
            TimezoneId = "Europe/Paris",
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        page.SetDefaultTimeout(90_000);
        Assertions.SetDefaultExpectTimeout(90_000);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshots: {folder}");
        Console.WriteLine($"Back-office screenshots: {folder}");
        var problems = await CheckPageAsync(page, "/backoffice/login", folder, loggedIn: false);
        await BrowserTests.LogInAsync(page, admin, secret);

        // Home: the figures are there, in words and with separators, each against the period before.
        await Assertions.Expect(page.Locator("[data-figure=purchasesToday]")).ToHaveTextAsync(new Regex(@"^[\d,]+$"));
        await Assertions.Expect(page.Locator("[data-figure=liabilityValue]")).ToContainTextAsync("€");
        await Assertions.Expect(page.Locator("#chart-purchases details table")).ToHaveCountAsync(1);
        // Each figure with its trend against the period before: a small chart and its figures as a table, also for what waits
        // for someone (open dead letters day by day, webhook events given up on per day).
        await Assertions.Expect(page.Locator("#figures .tile")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("#figures .tile [data-trend] canvas")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("#figures .tile [data-trend] details table")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("[data-trend=purchasesThisMonth] thead")).ToContainTextAsync(new Regex(@"\w+ \d{4}.*\w+ \d{4}"));
        await Assertions.Expect(page.Locator("[data-trend=liabilityValue] tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#attention [data-trend=openDeadLetters] canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#attention [data-trend=webhookDeadLetters] canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#attention [data-figure=openDeadLetters]")).ToHaveTextAsync(new Regex(@"^[\d,]+$"));

        // Find the customer from the home page's search.
        await page.GetByLabel("Find a customer").FillAsync(customer);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Assertions.Expect(page.Locator("#name")).ToHaveTextAsync($"Walk {run} ({customer})");

        // Block the lost card, replace the other with a new one: the table says so, and the audit trail has both.
        await page.Locator("#block-card").SelectOptionAsync(lost);
        await page.GetByLabel("Why block it").FillAsync("lost in the shop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Block card" }).ClickAsync();
        await Assertions.Expect(page.Locator("#cards tr", new() { HasText = lost })).ToContainTextAsync("Blocked");
        await page.Locator("#replace-card").SelectOptionAsync(kept);
        await page.GetByLabel("New card id").FillAsync(fresh);
        await page.GetByRole(AriaRole.Button, new() { Name = "Replace card" }).ClickAsync();
        await Assertions.Expect(page.Locator("#card-result")).ToHaveTextAsync($"Card {kept} replaced by {fresh}.");
        // The customer's cards are now the blocked one and the new one; the old card points to its successor.
        await Assertions.Expect(page.Locator("#cards tr", new() { HasText = fresh })).ToContainTextAsync("Active");
        await Assertions.Expect(page.Locator("#cards tr", new() { HasText = kept })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#audit")).ToContainTextAsync("lost in the shop");
        using var api = silo.Admin();
        var card = await BackOfficeSilo.ReadAsync<JsonElement>(await api.GetAsync($"/api/cards/{Uri.EscapeDataString(lost)}", Ct));
        Assert.Equal(nameof(CardStatus.Blocked), card.GetProperty("status").GetString());
        var replaced = await BackOfficeSilo.ReadAsync<JsonElement>(await api.GetAsync($"/api/cards/{Uri.EscapeDataString(kept)}", Ct));
        Assert.Equal(fresh, replaced.GetProperty("replacedBy").GetString());

        // The ledger, newest first: 30 purchases are a page of 25 and a page of 5, and back.
        var rows = page.Locator("#ledger tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        await Assertions.Expect(rows.First.Locator("td").First).ToHaveTextAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Older" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        await Assertions.Expect(rows.First.Locator("td").First).ToHaveTextAsync("5");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Older" })).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Newer" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        // Filtered on the server: one day's purchase (r11, 20 days ago) and nothing else.
        await page.GetByLabel("From", new() { Exact = true }).FillAsync(DaysAgo(20));
        await page.GetByLabel("To", new() { Exact = true }).FillAsync(DaysAgo(20));
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First.Locator("td").Nth(8)).ToHaveTextAsync($"{customer}-r11");

        // The campaign list leads to the campaign's page.
        await page.Locator("nav a[href='/backoffice/campaigns.html']").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Walk campaign " + run }).ClickAsync();
        await Assertions.Expect(page.Locator("#name")).ToHaveTextAsync($"Walk campaign {run} ({campaign})");
        await Assertions.Expect(page.Locator("[data-figure=used]")).ToContainTextAsync("of 1,000 points");
        await Assertions.Expect(page.Locator("#terms")).ToContainTextAsync(new Regex(@"ended \d+ years ago"));
        await Assertions.Expect(page.Locator("[data-figure=coupons]")).ToHaveTextAsync("Coupons: none: this campaign gives points.");
        // It reached nobody (it ran in 2005): no uplift to measure, and no table of two empty groups.
        await Assertions.Expect(page.Locator("#reading")).ToHaveTextAsync("No customer was reached yet: there is no uplift to measure.");
        await Assertions.Expect(page.Locator("#groups table")).ToHaveCountAsync(0);

        // The gift campaign: its one coupon redeemed at a till, on its page and in the list.
        await page.GotoAsync($"/backoffice/campaign.html?id={gift}");
        await Assertions.Expect(page.Locator("[data-figure=coupons]")).ToHaveTextAsync("Coupons: 1 of 1 redeemed (100.0%).");
        await Assertions.Expect(page.Locator("[data-figure=used]")).ToContainTextAsync("1 of 5 gifts");
        await page.GotoAsync("/backoffice/campaigns.html");
        await Assertions.Expect(page.Locator("#campaigns tr", new() { HasText = "Walk gift " + run })).ToContainTextAsync("1 of 1 redeemed");

        // The retention page's RFM segments: one segment's customers open from the keyboard, a page at a time; the heading
        // takes the focus so a screen reader says what opened, and the page passes axe with it open.
        await page.GotoAsync("/backoffice/analytics.html");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Show customers of ") }).First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#segment-title")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#segment-title")).ToContainTextAsync("Customers of ");
        await Assertions.Expect(page.Locator("#segment-customers tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#segment-shown")).ToContainTextAsync("Customers 1 to ");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "First page" })).ToBeDisabledAsync();
        var opened = await page.RunAxe();
        problems.AddRange(opened.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"analytics.html with a segment open: {v.Impact} {v.Id} ({v.Help})"));

        foreach (var address in s_pages.Select(p => p.Replace("{customer}", customer, StringComparison.Ordinal).Replace("{campaign}", campaign, StringComparison.Ordinal)))
        {
            problems.AddRange(await CheckPageAsync(page, "/backoffice/" + address, folder));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(errors);
    }

    // Opens a page, waits until its calls are answered, and reports its serious or critical axe violations and raw timestamps;
    // then photographs it at each size.
    private static async Task<List<string>> CheckPageAsync(IPage page, string address, string folder, bool loggedIn = true)
    {
        var problems = new List<string>();
        await page.SetViewportSizeAsync(s_sizes[0].Width, s_sizes[0].Height);
        await page.GotoAsync(address);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (loggedIn)
        {
            await Assertions.Expect(page.Locator("nav .who")).ToBeVisibleAsync();
        }
        var text = await page.Locator("body").InnerTextAsync();
        foreach (Match iso in IsoTimestamp().Matches(text))
        {
            problems.Add($"{address}: raw timestamp \"{iso.Value}\" in \"{text.Substring(Math.Max(0, iso.Index - 40), Math.Min(100, text.Length - Math.Max(0, iso.Index - 40)))}\"");
        }
        var axe = await page.RunAxe();
        foreach (var violation in axe.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            problems.Add($"{address}: {violation.Impact} {violation.Id} ({violation.Help}) at {string.Join(", ", violation.Nodes.Take(3).Select(n => n.Target?.ToString()))}");
        }
        var name = Regex.Replace(address.Split('/')[^1].Split('?')[0], @"\.html$", "");
        foreach (var (size, width, height) in s_sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{size}-{width}x{height}.png"), FullPage = false });
        }
        return problems;
    }

    // 30 imported purchases, one a day until yesterday (receipt rN, ledger seq N, 31 - N days ago), a feedback answer, two cards.
    private async Task SeedCustomerAsync(string customer, string lost, string kept)
    {
        var grains = await silo.GrainsAsync();
        var person = grains.GetGrain<ICustomerGrain>(customer);
        await person.EnrollAsync(new CustomerProfile("Walk " + customer[5..]));
        using var admin = silo.Admin();
        var rows = Enumerable.Range(1, 30).Select(n => $"{customer},{customer}-r{n},s1,{DaysAgo(31 - n)}T09:00:00Z,{10 + n},purchase,").ToArray();
        await BackOfficeSilo.ReadAsync<JsonElement>(await admin.PostAsync("/api/import/purchases", BackOfficeSilo.Csv(rows), Ct));
        await person.RecordFeedbackAsync(new Feedback(customer + "-fb", 9, DateTimeOffset.UtcNow.AddHours(-2), "s1"));
        await grains.GetGrain<ILoyaltyCardGrain>(lost).LinkAsync(customer);
        await grains.GetGrain<ILoyaltyCardGrain>(kept).LinkAsync(customer);
    }

    // A campaign that ran in 2005: listed with its terms, yet it changes no purchase another test makes now. And a gift
    // campaign running now, but only from the program's largest purchase, which no other test's purchase reaches.
    private async Task<(string Past, string Gift, decimal Threshold)> AddCampaignsAsync(string id)
    {
        using var admin = silo.Admin();
        var program = await BackOfficeSilo.ReadAsync<JsonObject>(await admin.GetAsync("/api/program", Ct));
        var settings = program["settings"]!.AsObject();
        settings["campaigns"]!.AsArray().Add(new JsonObject
        {
            ["id"] = id,
            ["name"] = "Walk campaign " + id[5..],
            ["kind"] = "SpendBonus",
            ["starts"] = "2005-01-01T00:00:00Z",
            ["ends"] = "2005-12-31T00:00:00Z",
            ["threshold"] = 20,
            ["bonusPoints"] = 5,
            ["pointsBudget"] = 1000,
            ["holdoutPercent"] = 10,
        });
        var gift = id.Replace("walk-", "walk-gift-", StringComparison.Ordinal);
        var threshold = settings["maximumPurchaseAmount"]!.GetValue<decimal>();
        settings["campaigns"]!.AsArray().Add(new JsonObject
        {
            ["id"] = gift,
            ["name"] = "Walk gift " + id[5..],
            ["kind"] = "Gift",
            ["starts"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["ends"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["threshold"] = threshold,
            ["gift"] = "Walk mug",
            ["giftStock"] = 5,
        });
        (await admin.PutAsJsonAsync("/api/program", settings, Ct)).EnsureSuccessStatusCode();
        return (id, gift, threshold);
    }

    // A customer of its own buys for the gift's threshold with a card, gets the gift's coupon, and redeems it at a till.
    private async Task RedeemGiftAsync(string campaign, string run, decimal amount)
    {
        var grains = await silo.GrainsAsync();
        var (buyer, card) = ("walk-gift-" + run, $"nfc:04AB{run.ToUpperInvariant()}00");
        await grains.GetGrain<ICustomerGrain>(buyer).EnrollAsync(new CustomerProfile("Gift " + run));
        await grains.GetGrain<ILoyaltyCardGrain>(card).LinkAsync(buyer);
        var earned = await grains.GetGrain<ICustomerGrain>(buyer).EarnAsync(new Purchase("s1", "t1", buyer + "-r1", DateTimeOffset.UtcNow, amount), CardId.Parse(card));
        var coupon = Assert.Single(earned.CouponsIssued, c => c.Source == "campaign " + campaign);
        var used = await grains.GetGrain<ICouponGrain>(coupon.Code)
            .RedeemAsync(new CouponUse("s1", "t1", DateOnly.FromDateTime(DateTime.UtcNow), buyer + "-r2", coupon.Code), buyer);
        Assert.True(used.IsAccepted, used.ToString());
    }

    private static string DaysAgo(int days) => DateTime.UtcNow.Date.AddDays(-days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex IsoTimestamp();
}
