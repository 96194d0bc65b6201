using Microsoft.Extensions.DependencyInjection;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.DeadLetters;
using RetentionActors.Grains.Tests.Fixtures;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// A till's dead letters in the cluster: reported, listed, booked corrected under the sale's own receipt identity (once,
/// however often retried) or dismissed with a reason; the till learns of both and of nothing else.
/// </summary>
public abstract class DeadLetterGrainTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);

    private static string NewTill() => Shop.NewId("till");

    private IDeadLetterGrain Grain(string till) => fixture.Client.GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill("store-1", till));

    // A sale rung up by a till whose clock is two days ahead, declined by the silo, as the till reports it.
    private async Task<(DeadLetterReport Report, Decline Declined)> RefusedForClockAsync(string till, string cardId, string receipt, decimal amount = 20m)
    {
        var tillNow = DateTimeOffset.UtcNow.AddDays(2);
        var sale = new Purchase("store-1", till, receipt, tillNow.AddHours(-3), amount) { BusinessDay = TillDay.Of(tillNow.AddHours(-3)) };
        var declined = (await _shop.Card(cardId).EarnAsync(sale with { SentAt = tillNow })).Declined!;
        Assert.Equal(DeclineReason.TillClockSkew, declined.Reason);
        return (new DeadLetterReport("store-1", till, cardId, sale, "tillClockSkew", declined.Message, tillNow, 1) { ClockSkew = declined.ClockSkew }, declined);
    }

    [Fact]
    public async Task A_reported_letter_is_open_listed_for_its_store_once_and_unresolved_for_the_till()
    {
        var till = NewTill();
        var (_, _, _, cardId) = await _shop.EnrolledWithCardAsync();
        var (report, _) = await RefusedForClockAsync(till, cardId, "DL-1");

        var first = await Grain(till).ReportAsync(report);
        var again = await Grain(till).ReportAsync(report with { Attempts = 2 });
        var resolutions = await Grain(till).ResolutionsAsync(new TillDeadLetterQuery("store-1", till, [new(report.Purchase.Day, "DL-1")]));
        var listed = await Store().ListAsync("store-1", DeadLetterStatus.Open, 10_000, TestContext.Current.CancellationToken);
        var letter = await Grain(till).GetAsync(report.Purchase.Day, "DL-1");

        Assert.Equal((DeadLetterStatus.Open, DeadLetterStatus.Open), (first.Status, again.Status));
        Assert.Empty(resolutions);
        Assert.Single(listed, l => l.TerminalId == till);
        Assert.Equal((cardId, 20m, report.Purchase.OccurredAt, "tillClockSkew", 2), (letter!.CardId, letter.Amount, letter.OccurredAt, letter.ReasonCode, letter.Attempts));
        Assert.InRange(letter.ClockSkewMinutes!.Value, 2 * 24 * 60 - 1, 2 * 24 * 60);
    }

    [Fact]
    public async Task Corrected_by_the_measured_skew_it_is_booked_once_under_its_own_receipt_however_often_it_is_retried()
    {
        var till = NewTill();
        var (customer, _, customerId, cardId) = await _shop.EnrolledWithCardAsync();
        var (report, _) = await RefusedForClockAsync(till, cardId, "DL-2");
        await Grain(till).ReportAsync(report);
        var correction = new DeadLetterCorrection(report.Purchase.Day, "DL-2", "maria") { UndoClockSkew = true };

        var booked = await Grain(till).RetryAsync(correction);
        var twice = await Task.WhenAll(Grain(till).RetryAsync(correction), Grain(till).RetryAsync(correction with { Amount = 99m }));
        var resolutions = await Grain(till).ResolutionsAsync(new TillDeadLetterQuery("store-1", till, [new(report.Purchase.Day, "DL-2")]));
        var ledger = await customer.GetLedgerAsync();

        Assert.Equal(DeadLetterOutcome.Done, booked.Outcome);
        Assert.Equal(20, booked.Accrual!.PointsEarned);
        Assert.All(twice, r => Assert.Equal(DeadLetterOutcome.AlreadyDone, r.Outcome));
        var entry = Assert.Single(ledger);
        Assert.Equal($"store-1/{till}/{TillDay.Text(report.Purchase.Day)}/DL-2/purchase", entry.IdempotencyKey);
        Assert.Equal(report.Purchase.Day, entry.BusinessDay); // the receipt as printed
        Assert.InRange(entry.OccurredAt, DateTimeOffset.UtcNow.AddHours(-3).AddMinutes(-2), DateTimeOffset.UtcNow.AddHours(-3).AddMinutes(2));
        var resolution = Assert.Single(resolutions);
        Assert.Equal((DeadLetterStatus.Booked, "maria"), (resolution.Status, resolution.ResolvedBy));
        Assert.Contains("measured clock skew", resolution.Note, StringComparison.Ordinal);
        Assert.Equal(20, (await fixture.Client.GetGrain<ICustomerGrain>(customerId).GetAsync())!.Balance);
    }

    [Fact]
    public async Task A_correction_the_silo_declines_reopens_the_letter_with_the_new_reason_and_books_nothing()
    {
        var till = NewTill();
        var (customer, _, _, cardId) = await _shop.EnrolledWithCardAsync();
        var (report, _) = await RefusedForClockAsync(till, cardId, "DL-3");
        await Grain(till).ReportAsync(report);

        var tooLittle = await Grain(till).RetryAsync(new DeadLetterCorrection(report.Purchase.Day, "DL-3", "maria") { ShiftMinutes = -60 });
        var wrongCard = await Grain(till).RetryAsync(new DeadLetterCorrection(report.Purchase.Day, "DL-3", "maria") { UndoClockSkew = true, CardId = Shop.NewCardId() });
        var ledgerAfterDeclines = await customer.GetLedgerAsync();
        var fixedUp = await Grain(till).RetryAsync(new DeadLetterCorrection(report.Purchase.Day, "DL-3", "maria") { UndoClockSkew = true });

        Assert.Equal((DeadLetterOutcome.Declined, "tillClockSkew", DeadLetterStatus.Open), (tooLittle.Outcome, tooLittle.Letter!.ReasonCode, tooLittle.Letter.Status));
        Assert.Equal((DeadLetterOutcome.Declined, "unknownCard", DeadLetterStatus.Open), (wrongCard.Outcome, wrongCard.Letter!.ReasonCode, wrongCard.Letter.Status));
        Assert.Null(wrongCard.Letter.CorrectedCardId);
        Assert.Empty(ledgerAfterDeclines);
        Assert.Equal(DeadLetterOutcome.Done, fixedUp.Outcome);
        Assert.Single(await customer.GetLedgerAsync());
    }

    [Fact]
    public async Task A_dismissed_letter_is_never_booked_and_a_booked_one_is_never_dismissed()
    {
        var till = NewTill();
        var (customer, _, _, cardId) = await _shop.EnrolledWithCardAsync();
        var (dismissedReport, _) = await RefusedForClockAsync(till, cardId, "DL-4");
        var (bookedReport, _) = await RefusedForClockAsync(till, cardId, "DL-5");
        await Grain(till).ReportAsync(dismissedReport);
        await Grain(till).ReportAsync(bookedReport);
        var day = dismissedReport.Purchase.Day;

        var dismissed = await Grain(till).DismissAsync(new DeadLetterDismissal(day, "DL-4", "maria", "test sale at opening"));
        var dismissedAgain = await Grain(till).DismissAsync(new DeadLetterDismissal(day, "DL-4", "maria", "test sale at opening"));
        var bookDismissed = await Grain(till).RetryAsync(new DeadLetterCorrection(day, "DL-4", "maria") { UndoClockSkew = true });
        await Grain(till).RetryAsync(new DeadLetterCorrection(day, "DL-5", "maria") { UndoClockSkew = true });
        var dismissBooked = await Grain(till).DismissAsync(new DeadLetterDismissal(day, "DL-5", "maria", "changed my mind"));
        var unknown = await Grain(till).DismissAsync(new DeadLetterDismissal(day, "NEVER", "maria", "?"));
        var resolutions = await Grain(till).ResolutionsAsync(new TillDeadLetterQuery("store-1", till, [new(day, "DL-4"), new(day, "DL-5"), new(day, "NEVER")]));

        Assert.Equal((DeadLetterOutcome.Done, "test sale at opening"), (dismissed.Outcome, dismissed.Letter!.ResolutionNote));
        Assert.Equal(DeadLetterOutcome.AlreadyDone, dismissedAgain.Outcome);
        Assert.Equal(DeadLetterOutcome.Conflict, bookDismissed.Outcome);
        Assert.Equal(DeadLetterOutcome.Conflict, dismissBooked.Outcome);
        Assert.Equal(DeadLetterOutcome.NotFound, unknown.Outcome);
        Assert.Equal(["DL-5"], (await customer.GetLedgerAsync()).Select(e => e.ReceiptId));
        Assert.Equal([("DL-4", DeadLetterStatus.Dismissed), ("DL-5", DeadLetterStatus.Booked)],
            resolutions.Select(r => (r.ReceiptId, r.Status)).Order());
    }

    [Fact]
    public async Task A_booking_that_started_completes_with_the_correction_it_started_with()
    {
        var till = NewTill();
        var (customer, _, _, cardId) = await _shop.EnrolledWithCardAsync();
        var (other, _, _, otherCardId) = await _shop.EnrolledWithCardAsync("Someone Else");
        var (report, _) = await RefusedForClockAsync(till, cardId, "DL-6");
        await Grain(till).ReportAsync(report);
        // As if the silo failed after fixing the correction and before the card grain answered.
        var stored = (await Store().FindAsync("store-1", till, new(report.Purchase.Day, "DL-6"), TestContext.Current.CancellationToken))!;
        var started = DeadLetterCorrections.Apply(stored, new DeadLetterCorrection(report.Purchase.Day, "DL-6", "maria") { UndoClockSkew = true })
            with { Status = DeadLetterStatus.Booking, ResolvedBy = "maria" };
        Assert.True(await Store().UpdateAsync(started, DeadLetterStatus.Open, TestContext.Current.CancellationToken));

        var dismiss = await Grain(till).DismissAsync(new DeadLetterDismissal(report.Purchase.Day, "DL-6", "lee", "duplicate"));
        var completed = await Grain(till).RetryAsync(new DeadLetterCorrection(report.Purchase.Day, "DL-6", "lee") { UndoClockSkew = true, CardId = otherCardId });

        Assert.Equal(DeadLetterOutcome.Conflict, dismiss.Outcome);
        Assert.Equal((DeadLetterOutcome.Done, "maria"), (completed.Outcome, completed.Letter!.ResolvedBy));
        Assert.Single(await customer.GetLedgerAsync());
        Assert.Empty(await other.GetLedgerAsync());
    }

    [Fact]
    public async Task A_till_cannot_report_to_or_ask_another_tills_letters()
    {
        var till = NewTill();
        var (_, _, _, cardId) = await _shop.EnrolledWithCardAsync();
        var (report, _) = await RefusedForClockAsync(till, cardId, "DL-7");

        var elsewhere = await Assert.ThrowsAsync<InvalidRequestException>(() => Grain("till-other").ReportAsync(report));
        var asked = await Assert.ThrowsAsync<InvalidRequestException>(() => Grain("till-other").ResolutionsAsync(new TillDeadLetterQuery("store-1", till, [])));
        var mismatched = await Assert.ThrowsAsync<InvalidRequestException>(() => Grain(till).ReportAsync(report with { TerminalId = "till-other" }));

        Assert.Contains("go to their own", elsewhere.Message, StringComparison.Ordinal);
        Assert.Contains("go to their own", asked.Message, StringComparison.Ordinal);
        Assert.Equal("Purchase", mismatched.ParamName);
        Assert.Null(await Grain(till).GetAsync(report.Purchase.Day, "DL-7"));
    }

    private IDeadLetterStore Store() => fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IDeadLetterStore>();
}

[Collection(SqliteCluster.Name)]
public sealed class DeadLetterGrainOnSqlite(SqliteClusterFixture fixture) : DeadLetterGrainTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class DeadLetterGrainOnPostgres(PostgresClusterFixture fixture) : DeadLetterGrainTests(fixture);
