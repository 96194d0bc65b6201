using System.Globalization;
using System.Threading.Channels;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.Keyboard;

namespace RetentionActors.Terminal.Modes;

/// <summary>
/// <c>--mode kiosk</c>: a shopper taps a card and sees balance, visits and lifetime spend (what the silo keeps);
/// an unissued card can be enrolled (name, optional e-mail and birthday, marketing consent). A known shopper is
/// asked how likely they are to recommend us (0–10); anything else typed instead is taken as the next card.
/// </summary>
public sealed class KioskSession(LoyaltyDesk desk, CashierScreen screen, KeyboardCardReader? keyboard)
{
    public async Task RunAsync(ChannelReader<InputItem> input, CancellationToken cancellationToken)
    {
        screen.Info("Welcome! Tap your card to see your points.");
        CardId? askedFeedback = null;
        await foreach (var item in input.ReadAllAsync(cancellationToken))
        {
            if (askedFeedback is { } asked && item.Line is { } answer
                && int.TryParse(answer.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var score) && score is >= 0 and <= 10)
            {
                askedFeedback = null;
                var stored = await desk.FeedbackAsync(asked, score, reference: null, cancellationToken);
                if (stored.IsDeclined)
                {
                    screen.Show(stored);
                }
                else
                {
                    screen.Good("Thank you!");
                }
                continue;
            }
            askedFeedback = null;
            if (item.Line is { } typed && (keyboard is null || typed.Trim().Length == 0))
            {
                continue;
            }
            var readerEvent = item.Event ?? keyboard!.Read(item.Line!);
            if (readerEvent.Kind == ReaderEventKind.Refused)
            {
                screen.Bad($"This card cannot be used here ({readerEvent.Reason}).");
                continue;
            }
            if (readerEvent.Kind != ReaderEventKind.Card)
            {
                screen.Info($"reader {(readerEvent.Kind == ReaderEventKind.Ready ? "ready" : "lost")}");
                continue;
            }
            var card = readerEvent.Card!.Value;
            var shown = await desk.IdentifyAsync(card, cancellationToken);
            if (shown is KnownCardAnswer known)
            {
                var customer = known.Customer;
                screen.Good($"Hello {customer.Name}! You have {known.Holds.Balance} points; {customer.Visits} visits, {customer.LifetimeSpend:0.00} spent with us.{Extras(known)}");
                screen.Prompt("How likely are you to recommend us to a friend? 0-10, or just tap your next card > ");
                askedFeedback = card;
                continue;
            }
            else if (shown is UnknownCardAnswer { Status: nameof(CardStatus.Unissued) })
            {
                await EnrollAsync(card, input, cancellationToken);
            }
            else
            {
                screen.Show(shown);
            }
            screen.Info("Tap your card to see your points.");
        }
    }

    private static string Extras(KnownCardAnswer shown) =>
        (shown.Customer.Tier is { } tier ? $" Tier {tier}{(shown.Customer.NextTier is { } next ? $", {shown.Customer.SpendToNextTier:0.00} more to {next}" : "")}." : "")
        + (shown.Holds.Stamps is { Count: > 0 } stamps ? $" Stamps: {string.Join(", ", stamps.Select(s => $"{s.Key} {s.Value}"))}." : "")
        + (shown.Holds.Coupons is { Count: > 0 } coupons ? $" Coupons: {string.Join(", ", coupons)}." : "")
        + (shown.Customer.PointsExpiringSoon > 0 ? $" {shown.Customer.PointsExpiringSoon} points expire within 30 days." : "");

    private async Task EnrollAsync(CardId card, ChannelReader<InputItem> input, CancellationToken cancellationToken)
    {
        screen.Info("This card is new. Enroll it now? Leave the name empty to skip.");
        var name = await AskAsync("Your name > ", input, cancellationToken);
        if (string.IsNullOrWhiteSpace(name))
        {
            return;
        }
        var email = await AskAsync("E-mail (optional) > ", input, cancellationToken);
        var birthdayText = await AskAsync("Birthday yyyy-MM-dd (optional) > ", input, cancellationToken);
        var consent = await AskAsync("May we send you offers? [y/N] > ", input, cancellationToken);
        DateOnly? birthday = DateOnly.TryParseExact(birthdayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        var profile = new CustomerProfile(name, string.IsNullOrWhiteSpace(email) ? null : email, null, birthday,
            consent.Equals("y", StringComparison.OrdinalIgnoreCase));
        screen.Show(await desk.EnrollAsync(card, profile, enrollmentId: null, cancellationToken));
    }

    private async Task<string> AskAsync(string prompt, ChannelReader<InputItem> input, CancellationToken cancellationToken)
    {
        screen.Prompt(prompt);
        await foreach (var item in input.ReadAllAsync(cancellationToken))
        {
            if (item.Line is { } line)
            {
                return line.Trim();
            }
        }
        return "";
    }
}
