using System.Text.Json;
using System.Threading.Channels;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Modes;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.CardData;
using RetentionActors.Terminal.Readers.Keyboard;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Modes;

[Collection(ClusterCollection.Name)]
public sealed class JsonSessionTests(ClusterFixture cluster) : IAsyncDisposable
{
    private readonly Channel<InputItem> _input = Channel.CreateUnbounded<InputItem>();
    private readonly LinesWriter _output = new();
    private Task? _session;

    [Fact]
    public async Task A_card_read_announces_the_customer_and_a_purchase_on_stdin_is_accrued_with_the_balance()
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Ada Json");
        Start();

        await Read(card);
        var announced = await NextAsync("the card line");
        await Send("""{"op":"purchase","receiptId":"j-1","amount":12.5,"lines":[{"sku":"tea","category":"drinks","quantity":2,"amount":5}]}""");
        var accrued = await NextAsync("the purchase answer");

        Assert.Equal("card", announced.GetProperty("event").GetString());
        Assert.Equal(card.ToString(), announced.GetProperty("cardId").GetString());
        Assert.True(announced.GetProperty("known").GetBoolean());
        Assert.Equal("Ada Json", announced.GetProperty("name").GetString());
        Assert.Equal(0, announced.GetProperty("balance").GetInt64());
        Assert.Equal("accrued", accrued.GetProperty("event").GetString());
        Assert.Equal(12, accrued.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(12, accrued.GetProperty("balance").GetInt64());
        Assert.Equal(12, (await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetAsync())!.Balance);
    }

    [Fact]
    public async Task A_purchase_with_points_to_redeem_earns_and_redeems_in_one_answer_and_sent_again_does_neither_again()
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Checkout Json");
        Start();
        var purchase = $$"""{"op":"purchase","cardId":"{{card}}","receiptId":"j-co","amount":50,"redeemPoints":20}""";

        await Send(purchase);
        var first = await NextAsync("the checkout answer");
        await Send(purchase);
        var again = await NextAsync("the repeated checkout answer");
        var ledger = await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetLedgerAsync();

        Assert.Equal(("accrued", 50L, 50L, "Checkout Json"),
            (first.GetProperty("event").GetString(), first.GetProperty("pointsEarned").GetInt64(), first.GetProperty("balance").GetInt64(), first.GetProperty("name").GetString()));
        var redeemed = first.GetProperty("redemption");
        Assert.Equal(("redeemed", 20L, 0.20m, 30L),
            (redeemed.GetProperty("event").GetString(), redeemed.GetProperty("pointsRedeemed").GetInt64(), redeemed.GetProperty("value").GetDecimal(), redeemed.GetProperty("balance").GetInt64()));
        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.True(again.GetProperty("redemption").GetProperty("replayed").GetBoolean());
        Assert.Equal(30L, again.GetProperty("redemption").GetProperty("balance").GetInt64());
        Assert.Equal([LedgerEntryKind.Purchase, LedgerEntryKind.Redemption], ledger.Select(e => e.Kind));
    }

    [Fact]
    public async Task A_redemption_on_its_own_takes_the_business_day_the_pos_gives_so_it_lands_on_the_sales_receipt()
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Late Shift Json");
        Start();
        var yesterday = TillDay.Text(DateOnly.FromDateTime(DateTime.Now).AddDays(-1));

        await Send($$"""{"op":"purchase","cardId":"{{card}}","receiptId":"j-late","amount":50,"businessDay":"{{yesterday}}"}""");
        await NextAsync("the purchase answer");
        await Send($$"""{"op":"redeem","cardId":"{{card}}","receiptId":"j-late","points":20,"businessDay":"{{yesterday}}"}""");
        var redeemed = await NextAsync("the redemption answer");
        var ledger = await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetLedgerAsync();

        Assert.Equal(("redeemed", 30L), (redeemed.GetProperty("event").GetString(), redeemed.GetProperty("balance").GetInt64()));
        Assert.Equal([(LedgerEntryKind.Purchase, yesterday), (LedgerEntryKind.Redemption, yesterday)],
            ledger.Select(e => (e.Kind, TillDay.Text(e.BusinessDay!.Value))));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("2000000000")]
    [InlineData("\"20\"")]
    public async Task A_purchase_with_points_to_redeem_that_are_no_points_is_declined_and_nothing_is_kept(string points)
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Bad Redeem Json");
        var (desk, outbox, _) = Desks.Create(new FixedGrainAccess(cluster.Client));
        var session = new JsonSession(desk, new JsonAnswerWriter(_output), keyboard: null);

        await session.OnLineAsync($$"""{"op":"purchase","cardId":"{{card}}","receiptId":"j-bad","amount":50,"redeemPoints":{{points}}}""", TestContext.Current.CancellationToken);
        var answer = JsonDocument.Parse(_output.All.Last()).RootElement;

        Assert.Equal(("declined", "invalid"), (answer.GetProperty("event").GetString(), answer.GetProperty("reason").GetString()));
        Assert.Equal((0, 0), (outbox.Count(), outbox.DeadLetterCount()));
        Assert.Empty(await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetLedgerAsync());
    }

    [Fact]
    public async Task A_recommendation_score_is_stored_with_the_customer_and_a_score_out_of_range_is_refused()
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Nps Json");
        Start();

        await Read(card);
        await NextAsync("the card line");
        await Send("""{"op":"feedback","score":9}""");
        var stored = await NextAsync("the feedback answer");
        await Send("""{"op":"feedback","score":11}""");
        var refused = await NextAsync("the refusal");

        Assert.Equal(("feedback", 9), (stored.GetProperty("event").GetString(), stored.GetProperty("score").GetInt32()));
        Assert.Equal("declined", refused.GetProperty("event").GetString());
        var feedback = Assert.Single((await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetAsync())!.Feedback);
        Assert.Equal((9, "store-1"), (feedback.Score, feedback.StoreId));
    }

    [Fact]
    public async Task The_same_purchase_sent_again_answers_as_the_first_time_and_earns_nothing_more()
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Repeat Json");
        Start();
        var purchase = $$"""{"op":"purchase","cardId":"{{card}}","receiptId":"j-2","amount":40}""";

        await Send(purchase);
        var first = await NextAsync("the first answer");
        await Send(purchase);
        var second = await NextAsync("the repeated answer");
        var ledger = await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetLedgerAsync();

        Assert.Equal(40, first.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(40, second.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(40, second.GetProperty("balance").GetInt64());
        Assert.True(second.GetProperty("replayed").GetBoolean());
        Assert.Single(ledger);
    }

    [Fact]
    public async Task A_bank_card_swipe_is_declined_without_its_data_and_operations_still_go_to_the_last_loyalty_card()
    {
        var (_, card) = await cluster.EnrolledCardAsync("Bank Json");
        Start();

        await Read(card);
        await NextAsync("the card line");
        await Type("%B4111111111111111^CARDHOLDER/A^2912101?;4111111111111111=2912101?");
        var declinedLine = await _output.NextAsync("the refusal");
        await Send("""{"op":"balance"}""");
        var balance = await NextAsync("the balance");

        Assert.Equal("""{"event":"declined","reason":"bank card"}""", declinedLine);
        Assert.Equal(card.ToString(), balance.GetProperty("cardId").GetString());
        Assert.DoesNotContain(_output.All, line => line.Contains("411111", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_card_is_enrolled_then_redeems_and_refunds_by_receipt()
    {
        var card = ClusterFixture.NewCardId();
        Start();

        await Read(card);
        var unknown = await NextAsync("the unknown card line");
        await Send("""{"op":"enroll","name":"Grace Json","email":"grace@example.com","consent":true}""");
        var enrolled = await NextAsync("the enrollment");
        await Send("""{"op":"purchase","receiptId":"j-3","amount":100}""");
        await NextAsync("the purchase");
        await Send("""{"op":"redeem","receiptId":"j-4","points":30}""");
        var redeemed = await NextAsync("the redemption");
        await Send("""{"op":"refund","receiptId":"j-5","refundOf":"j-3","amount":50}""");
        var refunded = await NextAsync("the refund");
        await Send("""{"op":"redeem","receiptId":"j-6","points":100000}""");
        var tooMuch = await NextAsync("the refused redemption");

        Assert.False(unknown.GetProperty("known").GetBoolean());
        Assert.Equal("enrolled", enrolled.GetProperty("event").GetString());
        Assert.Equal("Grace Json", enrolled.GetProperty("name").GetString());
        Assert.Equal("redeemed", redeemed.GetProperty("event").GetString());
        Assert.Equal(70, redeemed.GetProperty("balance").GetInt64());
        Assert.Equal("refunded", refunded.GetProperty("event").GetString());
        Assert.Equal(50, refunded.GetProperty("pointsReversed").GetInt64());
        Assert.Equal(20, refunded.GetProperty("balance").GetInt64());
        Assert.Equal("declined", tooMuch.GetProperty("event").GetString());
        Assert.Equal("insufficientPoints", tooMuch.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Receipt_numbers_start_again_each_business_day_and_a_refund_names_the_till_and_day_of_its_sale()
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Daily Json");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var yesterday = today.AddDays(-1);
        var tillToday = DateOnly.FromDateTime(DateTime.Now); // the day the terminal gives its own return receipt
        Start();

        await Read(card);
        await NextAsync("the card line");
        await Send($$"""{"op":"purchase","receiptId":"1","amount":30,"businessDay":"{{yesterday:yyyy-MM-dd}}"}""");
        var first = await NextAsync("yesterday's receipt 1");
        await Send($$"""{"op":"purchase","receiptId":"1","amount":20,"businessDay":"{{today:yyyy-MM-dd}}"}""");
        var second = await NextAsync("today's receipt 1");
        await Send("""{"op":"refund","receiptId":"b-1","refundOf":"1","amount":10}""");
        var ambiguous = await NextAsync("the refund without till and day");
        await Send($$"""{"op":"refund","receiptId":"b-1","refundOf":"1","refundOfStore":"store-1","refundOfTerminal":"till-1","refundOfDay":"{{yesterday:yyyy-MM-dd}}","amount":10}""");
        var refunded = await NextAsync("the refund naming till and day");
        var ledger = await cluster.Client.GetGrain<ICustomerGrain>(customerId).GetLedgerAsync();

        Assert.Equal(("accrued", 30L, false), (first.GetProperty("event").GetString(), first.GetProperty("pointsEarned").GetInt64(), first.TryGetProperty("replayed", out _)));
        Assert.Equal(("accrued", 20L, false), (second.GetProperty("event").GetString(), second.GetProperty("pointsEarned").GetInt64(), second.TryGetProperty("replayed", out _)));
        Assert.Equal(("declined", "ambiguousReceipt"), (ambiguous.GetProperty("event").GetString(), ambiguous.GetProperty("reason").GetString()));
        Assert.Equal(("refunded", 10L, 40L), (refunded.GetProperty("event").GetString(), refunded.GetProperty("pointsReversed").GetInt64(), refunded.GetProperty("balance").GetInt64()));
        Assert.Equal([$"store-1/till-1/{yesterday:yyyy-MM-dd}/1/purchase", $"store-1/till-1/{today:yyyy-MM-dd}/1/purchase", $"store-1/till-1/{tillToday:yyyy-MM-dd}/b-1/refund"],
            ledger.Select(e => e.IdempotencyKey));
        Assert.Equal($"store-1/till-1/{yesterday:yyyy-MM-dd}/1", ledger[^1].RefersTo);
    }

    [Theory]
    [InlineData("""{"op":"purchase","cardId":"mag:6001234567890","receiptId":"x","amount":5,"businessDay":"03.12.2026"}""", "invalid")]
    [InlineData("""{"op":"purchase","cardId":"mag:6001234567890","receiptId":"x","amount":5,"businessDay":"2020-01-01"}""", "invalid")]
    [InlineData("""{"op":"refund","cardId":"mag:6001234567890","receiptId":"x","refundOf":"y","amount":5,"refundOfDay":20261203}""", "invalid")]
    [InlineData("""{"op":"balance"}""", "noCard")]
    [InlineData("""{"op":"purchase","cardId":"mag:6001234567890","amount":5}""", "invalid")]
    [InlineData("""{"op":"purchase","cardId":"mag:6001234567890","receiptId":"x","amount":-5}""", "invalid")]
    [InlineData("""{"op":"teleport","cardId":"mag:6001234567890"}""", "unknownOperation")]
    [InlineData("""{"op":"balance","cardId":"visa:1"}""", "invalid")]
    [InlineData("""{"op": """, "invalid")]
    public async Task Malformed_operations_are_declined_with_a_reason(string line, string reason)
    {
        Start();

        await Send(line);
        var answer = await NextAsync("the refusal");

        Assert.Equal("declined", answer.GetProperty("event").GetString());
        Assert.Equal(reason, answer.GetProperty("reason").GetString());
    }

    // Each of these was once read one way or another: "1,5" as 15.00 (ten times the points), a cardId that is not text as
    // "the last card read" (a redemption off somebody else's card), a misspelt field or a consent of "yes" ignored, a field
    // given twice as its last value (1500 points for a 15.00 sale).
    [Theory]
    [InlineData("""{"op":"purchase","receiptId":"s-1","amount":"1,5"}""")]
    [InlineData("""{"op":"purchase","receiptId":"s-2","amount":"15"}""")]
    [InlineData("""{"op":"purchase","receiptId":"s-3","amount":15,"lines":[{"sku":"tea","amount":"1,5"}]}""")]
    [InlineData("""{"op":"purchase","receiptId":"s-4","amount":15,"lines":[{"sku":"tea","amount":15,"price":3}]}""")]
    [InlineData("""{"op":"purchase","receiptId":"s-5","amount":15,"amout":150}""")]
    [InlineData("""{"op":"redeem","cardId":6001234567890,"receiptId":"s-6","points":10}""")]
    [InlineData("""{"op":"redeem","cardId":null,"receiptId":"s-7","points":10}""")]
    [InlineData("""{"op":"redeem","cardId":["mag:6001234567890"],"receiptId":"s-8","points":10}""")]
    [InlineData("""{"op":"redeem","receiptId":"s-9","points":"10"}""")]
    [InlineData("""{"op":"feedback","score":9,"reference":42}""")]
    [InlineData("""{"op":"enroll","name":"Strict","consent":"yes"}""")]
    [InlineData("""{"op":"enroll","name":"Strict","birthday":19901231}""")]
    [InlineData("""{"op":"purchase","receiptId":"s-10","amount":15,"amount":1500}""")]
    [InlineData("""{"op":"redeem","receiptId":"s-11","points":10,"receiptId":"s-12"}""")]
    [InlineData("""{"op":"purchase","receiptId":"s-13","amount":15,"lines":[{"sku":"tea","amount":5,"amount":50}]}""")]
    public async Task Input_that_is_not_exactly_what_the_protocol_says_is_declined_as_invalid_and_changes_nothing(string line)
    {
        var (customerId, card) = await cluster.EnrolledCardAsync("Strict Json");
        var customer = cluster.Client.GetGrain<ICustomerGrain>(customerId);
        Start();
        await Read(card);
        await NextAsync("the card line");
        await Send("""{"op":"purchase","receiptId":"s-0","amount":50}""");
        await NextAsync("the purchase that gives the customer points to lose");
        var before = ((await customer.GetAsync())!.Balance, (await customer.GetLedgerAsync()).Count, (await customer.GetAsync())!.Feedback.Count);

        await Send(line);
        var answer = await NextAsync("the refusal");

        Assert.Equal(("declined", "invalid"), (answer.GetProperty("event").GetString(), answer.GetProperty("reason").GetString()));
        Assert.Equal(before, ((await customer.GetAsync())!.Balance, (await customer.GetLedgerAsync()).Count, (await customer.GetAsync())!.Feedback.Count));
    }

    [Fact]
    public async Task A_megabyte_receipt_id_is_refused_without_being_repeated()
    {
        Start();

        await Send($$"""{"op":"purchase","cardId":"mag:6001234567890","receiptId":"{{new string('r', 1_000_000)}}","amount":5}""");
        var line = await _output.NextAsync("the refusal");

        Assert.Contains("\"reason\":\"invalid\"", line, StringComparison.Ordinal);
        Assert.True(line.Length < 1_000, $"the refusal is {line.Length} characters long");
    }

    [Fact]
    public async Task A_refused_cardId_is_not_echoed_back()
    {
        Start();

        await Send("""{"op":"balance","cardId":"visa:4111111111111111"}""");
        var line = await _output.NextAsync("the refusal");

        Assert.Contains("\"reason\":\"invalid\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain("4111", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_card_number_in_an_operation_is_refused_before_it_is_queued_or_echoed()
    {
        var (desk, outbox, _) = Desks.Create(new FixedGrainAccess(cluster.Client));
        _session = new JsonSession(desk, new JsonAnswerWriter(_output), keyboard: null).RunAsync(_input.Reader, TestContext.Current.CancellationToken);

        await Send("""{"op":"purchase","cardId":"mag:4111111111111111","receiptId":"pan-1","amount":10}""");
        var line = await _output.NextAsync("the refusal");

        Assert.Contains("\"reason\":\"bank card\"", line, StringComparison.Ordinal);
        Assert.Contains("payment card, not a loyalty card", line, StringComparison.Ordinal);
        Assert.DoesNotContain("4111", line, StringComparison.Ordinal);
        Assert.Equal(0, outbox.Count());
    }

    [Fact]
    public async Task A_refused_purchase_says_it_is_kept_and_the_deadLetters_op_lists_the_tills_dead_letters_with_their_reasons()
    {
        var (desk, _, _) = Desks.Create(new FixedGrainAccess(cluster.Client), terminal: $"till-{Guid.NewGuid():N}"[..16]);
        _session = new JsonSession(desk, new JsonAnswerWriter(_output), keyboard: null).RunAsync(_input.Reader, TestContext.Current.CancellationToken);
        var unknown = ClusterFixture.NewCardId();

        await Send("""{"op":"deadLetters"}""");
        var none = await NextAsync("the empty list");
        await Send($$"""{"op":"purchase","cardId":"{{unknown}}","receiptId":"dl-1","amount":12.5}""");
        var declined = await NextAsync("the refused purchase");
        await Send("""{"op":"deadLetters"}""");
        var listed = await NextAsync("the list");

        Assert.Equal(("deadLetters", 0), (none.GetProperty("event").GetString(), none.GetProperty("deadLetters").GetInt32()));
        Assert.Equal(("declined", "unknownCard", 1), (declined.GetProperty("event").GetString(), declined.GetProperty("reason").GetString(), declined.GetProperty("deadLetters").GetInt32()));
        Assert.Contains("kept at this till as a dead letter", declined.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, listed.GetProperty("deadLetters").GetInt32());
        var letter = Assert.Single(listed.GetProperty("letters").EnumerateArray());
        Assert.Equal(("dl-1", unknown.ToString(), 12.5m, "unknownCard"),
            (letter.GetProperty("receiptId").GetString(), letter.GetProperty("cardId").GetString(), letter.GetProperty("amount").GetDecimal(), letter.GetProperty("reason").GetString()));
        Assert.Contains("not issued", letter.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(letter.GetProperty("since").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    public async ValueTask DisposeAsync()
    {
        _input.Writer.TryComplete();
        if (_session is not null)
        {
            await _session.Within("the session to end at end of input");
        }
    }

    private void Start()
    {
        var (desk, _, _) = Desks.Create(new FixedGrainAccess(cluster.Client));
        var keyboard = new KeyboardCardReader(new CardDataClassifier(OwnCardRanges.None));
        _session = new JsonSession(desk, new JsonAnswerWriter(_output), keyboard).RunAsync(_input.Reader, TestContext.Current.CancellationToken);
    }

    private async Task Read(CardId card) => await _input.Writer.WriteAsync(new InputItem(ReaderEvent.Read(card), null), TestContext.Current.CancellationToken);

    private async Task Type(string line) => await _input.Writer.WriteAsync(new InputItem(null, line), TestContext.Current.CancellationToken);

    private Task Send(string json) => Type(json);

    private async Task<JsonElement> NextAsync(string what) => JsonDocument.Parse(await _output.NextAsync(what)).RootElement;
}
