using System.Text.Json;
using Microsoft.Playwright;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;

namespace RetentionActors.BackOffice.Tests;

/// <summary>
/// Issue 19's "usable on a tablet in a store" and "keyboard navigation", in headless Chromium: at 820×1180 no page scrolls
/// sideways and the whole navigation bar is on screen and first in the Tab order; with the keyboard alone (Tab, typing,
/// Enter) an operator blocks and replaces a customer's card and tries a refused value in the program form, every control
/// on the way showing where the focus is.
/// </summary>
public sealed class TabletAndKeyboardTests(BackOfficeSilo silo)
{
    private const int TabletWidth = 820, TabletHeight = 1180;

    // What the keyboard focus is on, and whether it is drawn: :focus-visible with an outline of some width.
    // One stop is the browser's own: Tab through a filled date-time input reaches its calendar button, inside the
    // input's closed shadow tree. The input is then the active element but matches neither :focus nor :focus-visible,
    // and Chromium draws a thin ring of its own around the button (seen in a screenshot), which a page script cannot
    // read and our stylesheet cannot restyle. CI met it once a program with a campaign was on the form. That stop is
    // taken as shown; every other stop is checked.
    private const string FocusScript = """
        () => {
          const a = document.activeElement;
          const s = getComputedStyle(a);
          const pickerButton = a.matches('input[type=datetime-local], input[type=date], input[type=time]') && !a.matches(':focus');
          return { id: a.id || '', tag: a.tagName, text: (a.textContent || '').trim().slice(0, 40),
                   shown: pickerButton || (a !== document.body && a.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) };
        }
        """;

    // Filled by Playwright from the script's answer, which needs a parameterless constructor and setters.
    private sealed class Focus
    {
        public string Id { get; set; } = "";
        public string Tag { get; set; } = "";
        public string Text { get; set; } = "";
        public bool Shown { get; set; }
    }

    [Fact]
    public async Task At_tablet_width_no_page_scrolls_sideways_and_the_navigation_is_on_screen_and_first_in_the_tab_order()
    {
        Assert.SkipUnless(File.Exists(BrowserTests.Chromium) || Environment.GetEnvironmentVariable("CI") is not null, "Chromium is not installed (apt-get install chromium).");
        var (admin, secret) = await silo.CreateOperatorAsync("admin", "tablet");
        using var api = silo.Admin();
        var campaigns = await BackOfficeSilo.ReadAsync<JsonElement>(await api.GetAsync("/api/campaigns", Ct));
        var campaign = campaigns.GetArrayLength() > 0 ? campaigns[0].GetProperty("terms").GetProperty("id").GetString()! : null;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await NewPageAsync(browser);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var problems = new List<string>();
        await page.GotoAsync("/backoffice/login");
        problems.AddRange(await SidewaysAsync(page, "login"));
        await BrowserTests.LogInAsync(page, admin, secret);

        var addresses = BackOfficeWalkTests.s_pages
            .Where(p => campaign is not null || !p.Contains("{campaign}", StringComparison.Ordinal))
            .Select(p => p.Replace("{customer}", "demo-ada", StringComparison.Ordinal).Replace("{campaign}", campaign ?? "", StringComparison.Ordinal));
        foreach (var address in addresses)
        {
            await page.GotoAsync("/backoffice/" + address);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Assertions.Expect(page.Locator("nav .who")).ToBeVisibleAsync();
            problems.AddRange(await SidewaysAsync(page, address));
            // Every link of the bar within the screen's width and visible, so none is cut off or pushed out of reach.
            var offScreen = await page.EvaluateAsync<string[]>($$"""
                () => [...document.querySelectorAll('nav a')].filter(a => {
                  const r = a.getBoundingClientRect();
                  return r.width === 0 || r.left < 0 || r.right > {{TabletWidth}} || getComputedStyle(a).visibility !== 'visible';
                }).map(a => a.textContent)
                """);
            problems.AddRange(offScreen.Select(link => $"{address}: navigation link \"{link}\" is not on screen"));
            // The bar comes first: one Tab from the top of the page lands on its first link, drawn as focused.
            await page.Keyboard.PressAsync("Tab");
            var first = await page.EvaluateAsync<Focus>(FocusScript);
            var inNav = await page.EvaluateAsync<bool>("() => document.activeElement.closest('nav') !== null");
            if (!inNav || !first.Shown)
            {
                problems.Add($"{address}: the first Tab went to {first.Tag} \"{first.Text}\" (in the navigation: {inNav}, focus drawn: {first.Shown})");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task With_the_keyboard_alone_an_operator_blocks_and_replaces_a_card_and_tries_a_refused_value_in_the_program_form()
    {
        Assert.SkipUnless(File.Exists(BrowserTests.Chromium) || Environment.GetEnvironmentVariable("CI") is not null, "Chromium is not installed (apt-get install chromium).");
        var run = Guid.NewGuid().ToString("N")[..8];
        var customer = "keys-" + run;
        var (first, second, fresh) = ($"nfc:04DD{run.ToUpperInvariant()}00", $"nfc:04EE{run.ToUpperInvariant()}00", $"nfc:04FF{run.ToUpperInvariant()}00");
        var grains = await silo.GrainsAsync();
        await grains.GetGrain<ICustomerGrain>(customer).EnrollAsync(new CustomerProfile("Keys " + run));
        await grains.GetGrain<ILoyaltyCardGrain>(first).LinkAsync(customer);
        await grains.GetGrain<ILoyaltyCardGrain>(second).LinkAsync(customer);
        var (admin, secret) = await silo.CreateOperatorAsync("admin", "keys");
        using var api = silo.Admin();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await NewPageAsync(browser);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await BrowserTests.LogInAsync(page, admin, secret);

        // The customer page: Tab to the block form's card, on to the reason (typed), on to the button, Enter.
        await page.GotoAsync($"/backoffice/customer.html?id={customer}");
        await Assertions.Expect(page.Locator("#card-actions")).ToBeVisibleAsync();
        await TabToAsync(page, "block-card");
        var blocked = await page.Locator("#block-card").InputValueAsync();
        await page.Keyboard.PressAsync("Tab");
        await ExpectFocusAsync(page, "block-reason");
        await page.Keyboard.TypeAsync("left on the counter");
        await page.Keyboard.PressAsync("Tab");
        await ExpectFocusAsync(page, "", "Block card");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#cards tr", new() { HasText = blocked })).ToContainTextAsync("Blocked");

        // The card left active is the replace form's; its new id typed, the button reached by Tab and pressed with Enter.
        var kept = blocked == first ? second : first;
        await Assertions.Expect(page.Locator("#replace-card")).ToHaveValueAsync(kept);
        await TabToAsync(page, "replace-card");
        await page.Keyboard.PressAsync("Tab");
        await ExpectFocusAsync(page, "replace-new");
        await page.Keyboard.TypeAsync(fresh);
        await page.Keyboard.PressAsync("Tab");
        await ExpectFocusAsync(page, "", "Replace card");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#card-result")).ToHaveTextAsync($"Card {kept} replaced by {fresh}.");
        var card = await BackOfficeSilo.ReadAsync<JsonElement>(await api.GetAsync($"/api/cards/{Uri.EscapeDataString(blocked)}", Ct));
        Assert.Equal(nameof(CardStatus.Blocked), card.GetProperty("status").GetString());

        // The program form: a refused value typed into a field reached by Tab, the save button reached by Tab and pressed
        // with Enter: the message is at the field and nothing is saved.
        await page.GotoAsync("/backoffice/program.html");
        await Assertions.Expect(page.Locator("#version")).ToContainTextAsync("Version ");
        await TabToAsync(page, "f-pointsPerCurrencyUnit");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("-5");
        await TabToAsync(page, "save-form");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#f-pointsPerCurrencyUnit-problem")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#f-pointsPerCurrencyUnit")).ToHaveAttributeAsync("aria-invalid", "true");
        // (Other tests save the shared program meanwhile, so its version number cannot tell; the page says what it did.)
        await Assertions.Expect(page.Locator("#problems")).ToContainTextAsync("nothing was saved");
        await Assertions.Expect(page.Locator("#result")).Not.ToContainTextAsync("Saved");
        Assert.Empty(errors);
    }

    // Presses Tab until the control with this id has the focus, each stop showing its focus; fails naming the last stops.
    private static async Task TabToAsync(IPage page, string id)
    {
        var stops = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focus = await page.EvaluateAsync<Focus>(FocusScript);
            Assert.True(focus.Shown, $"Tab stop {i + 1} ({focus.Tag} #{focus.Id} \"{focus.Text}\") does not show its focus.");
            if (focus.Id == id)
            {
                return;
            }
            stops.Add($"{focus.Tag}#{focus.Id}");
        }
        Assert.Fail($"#{id} was not reached by Tab; the last stops: {string.Join(", ", stops.TakeLast(10))}");
    }

    private static async Task ExpectFocusAsync(IPage page, string id, string? text = null)
    {
        var focus = await page.EvaluateAsync<Focus>(FocusScript);
        Assert.True(focus.Id == id && (text is null || focus.Text == text) && focus.Shown, $"The focus is on {focus.Tag} #{focus.Id} \"{focus.Text}\" (drawn: {focus.Shown}), not #{id} {text}.");
    }

    // A page wider than the screen scrolls sideways: the document's scroll width beyond the window's.
    private static async Task<IEnumerable<string>> SidewaysAsync(IPage page, string address)
    {
        var (scroll, width) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => window.innerWidth"));
        if (scroll <= width)
        {
            return [];
        }
        // Name the widest elements, so the failure says what to fix.
        var wide = await page.EvaluateAsync<string[]>($$"""
            () => [...document.querySelectorAll('main *, nav *')].filter(e => e.getBoundingClientRect().right > {{width}})
              .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > {{width}}))
              .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '') + ' right ' + Math.round(e.getBoundingClientRect().right))
            """);
        return [$"{address}: scrolls sideways ({scroll} px wide at {width} px): {string.Join("; ", wide)}"];
    }

    private async Task<IPage> NewPageAsync(IBrowser browser)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            BaseURL = silo.BaseUrl.ToString(),
            Locale = "en-GB",
            TimezoneId = "Europe/Paris",
            ViewportSize = new ViewportSize { Width = TabletWidth, Height = TabletHeight },
        });
        page.SetDefaultTimeout(90_000);
        Assertions.SetDefaultExpectTimeout(90_000);
        return page;
    }
}
