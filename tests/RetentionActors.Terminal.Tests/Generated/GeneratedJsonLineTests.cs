using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Modes;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Tests.Fixtures;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.Terminal.Tests.Generated;

/// <summary>
/// Generated malformed stdin lines for the terminal's JSON mode, after a card was read: each must get exactly one
/// answer, <c>declined</c> with a reason (never an accrual on a guess, never an unexpected error), the session keeps
/// going, and the customer's balance, ledger, feedback, coupon and the till's outbox stay as they were.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GeneratedJsonLineTests(ClusterFixture cluster)
{
    public const int QuickSize = 400;

    // A line this long is a refusal that repeats what it refuses.
    private const int MaxAnswer = 2_000;

    [Fact]
    public async Task Malformed_operation_lines_are_each_declined_once_with_a_reason_and_change_nothing()
    {
        var run = GeneratedRun.FromEnvironment();
        var failures = new CaseFailures(run, "Generated JSON-mode lines");
        var (customerId, card) = await cluster.EnrolledCardAsync("Generated Json");
        var (desk, outbox, _) = Desks.Create(new FixedGrainAccess(cluster.Client), terminal: "till-generated");
        var input = Channel.CreateUnbounded<InputItem>();
        var output = new LinesWriter();
        // A till whose reader is not the keyboard (PN532, PC/SC): every stdin line is an operation. With the keyboard
        // reader a line that does not start with '{' is card input, a card read rather than something to decline.
        var session = new JsonSession(desk, new JsonAnswerWriter(output), keyboard: null).RunAsync(input.Reader, TestContext.Current.CancellationToken);
        await input.Writer.WriteAsync(new InputItem(ReaderEvent.Read(card), null), TestContext.Current.CancellationToken);
        await output.NextAsync("the card line");
        await input.Writer.WriteAsync(new InputItem(null, """{"op":"purchase","receiptId":"fz-seed","amount":50}"""), TestContext.Current.CancellationToken);
        Assert.Contains("\"accrued\"", await output.NextAsync("the purchase that gives the customer points to lose"), StringComparison.Ordinal);
        var coupon = await CouponAsync(customerId);
        var lines = JsonLines.Lines(DateOnly.FromDateTime(DateTime.Now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), coupon);
        var before = await StateAsync(customerId, coupon, outbox);
        var numbers = run.CaseNumbers(QuickSize);
        var answers = new SortedDictionary<string, int>(StringComparer.Ordinal);

        foreach (var number in numbers)
        {
            var line = run.Generate(lines, number);
            await input.Writer.WriteAsync(new InputItem(null, line.Line), TestContext.Current.CancellationToken);
            var answer = await output.NextAsync($"the answer to case {number} ({line.Defect})");
            // Not answered by the session: the till's own dead-letter list, so the line after the answer is this one.
            await input.Writer.WriteAsync(new InputItem(null, """{"op":"deadLetters"}"""), TestContext.Current.CancellationToken);
            var next = await output.NextAsync($"the dead-letter list after case {number} ({line.Defect})");
            if (Judge(answer, next) is { } wrong)
            {
                failures.Add(number, line.Defect, Shown.Text(line.Line), wrong);
            }
            answers[Reason(answer)] = answers.GetValueOrDefault(Reason(answer)) + 1;
            var after = await StateAsync(customerId, coupon, outbox);
            if (after != before)
            {
                failures.Add(number, line.Defect, Shown.Text(line.Line), $"it changed the state: {before} → {after}");
                before = after;
            }
        }
        input.Writer.Complete();
        await session.Within("the session to end at the end of input");

        TestContext.Current.TestOutputHelper?.WriteLine($"{numbers.Count} generated lines ({run}); declined by reason: " + string.Join(", ", answers.Select(a => $"{a.Key}×{a.Value}")));
        failures.AssertNone(numbers.Count);
    }

    // Exactly one answer, a refusal with a reason that is not "something failed", short; then the next answer is the next line's.
    internal static string? Judge(string answer, string next)
    {
        if (answer.Length > MaxAnswer)
        {
            return $"the answer is {answer.Length:N0} characters long: {Shown.Text(answer, 200)}";
        }
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(answer).RootElement;
        }
        catch (JsonException)
        {
            return $"the answer is not a JSON line: {Shown.Text(answer, 200)}";
        }
        if (root.GetProperty("event").GetString() != "declined")
        {
            return $"answered {root.GetProperty("event").GetString()} instead of declined: {Shown.Text(answer, 300)}";
        }
        if (!root.TryGetProperty("reason", out var reason) || reason.GetString() is not { Length: > 0 } text || text == "error")
        {
            return $"declined without a reason it knows (an unexpected exception?): {Shown.Text(answer, 300)}";
        }
        if (!next.Contains("\"event\":\"deadLetters\"", StringComparison.Ordinal))
        {
            return $"a second answer came for the one line: {Shown.Text(next, 300)}";
        }
        return null;
    }

    private static string Reason(string answer) =>
        JsonDocument.Parse(answer).RootElement.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "(null)" : "(none)";

    // A coupon of the customer's, unused: a line that used it by mistake would show.
    private async Task<string> CouponAsync(string customerId)
    {
        var code = $"FZ{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        var now = DateTimeOffset.UtcNow;
        var issued = await cluster.Client.GetGrain<ICouponGrain>(code).IssueAsync(
            new CouponInfo(code, CouponKind.FixedDiscount, "generated", 5m, customerId, "partner", now, now.AddDays(30)));
        Assert.Null(issued.Declined);
        return code;
    }

    private async Task<string> StateAsync(string customerId, string coupon, PurchaseOutbox outbox)
    {
        var customer = cluster.Client.GetGrain<ICustomerGrain>(customerId);
        var summary = (await customer.GetAsync())!;
        var ledger = await customer.GetLedgerAsync();
        var used = (await cluster.Client.GetGrain<ICouponGrain>(coupon).GetAsync())!.RedeemedAt;
        return $"balance {summary.Balance}, ledger {ledger.Count}, feedback {summary.Feedback.Count}, coupons {summary.Coupons.Count}, "
            + $"profile {summary.Profile}, coupon used {used?.ToString("O") ?? "no"}, outbox {outbox.Count()}, dead letters {outbox.DeadLetterCount()}";
    }
}
