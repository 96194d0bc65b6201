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
/// an unissued card can be enrolled (name, optional e-mail and birthday, marketing consent).
/// </summary>
public sealed class KioskSession(LoyaltyDesk desk, CashierScreen screen, KeyboardCardReader? keyboard)
{
    public async Task RunAsync(ChannelReader<InputItem> input, CancellationToken cancellationToken)
    {
        screen.Info("Welcome! Tap your card to see your points.");
        await foreach (var item in input.ReadAllAsync(cancellationToken))
        {
            if (item.Line is { } typed && keyboard is null)
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
            if (shown.Known == true)
            {
                screen.Good($"Hello {shown.Name}! You have {shown.Balance} points; {shown.Visits} visits, {shown.LifetimeSpend:0.00} spent with us.");
            }
            else if (shown.Status == nameof(CardStatus.Unissued))
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
        screen.Show(await desk.EnrollAsync(card, profile, cancellationToken));
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
