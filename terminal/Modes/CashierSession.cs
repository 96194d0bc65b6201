using System.Globalization;
using System.Threading.Channels;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.Keyboard;

namespace RetentionActors.Terminal.Modes;

/// <summary>
/// <c>--mode cashier</c>: tap or swipe → who and how many points → purchase (amount, optional lines, and for a known
/// customer points to redeem) → points, new balance and the redemption, from one call to the silo; refund by receipt id (with the original till and day when the receipt shows them). A new card read at any prompt starts over with it.
/// </summary>
public sealed class CashierSession(LoyaltyDesk desk, CashierScreen screen, KeyboardCardReader? keyboard)
{
    private ChannelReader<InputItem> _input = null!;
    private CancellationToken _cancellation;

    public async Task RunAsync(ChannelReader<InputItem> input, CancellationToken cancellationToken)
    {
        (_input, _cancellation) = (input, cancellationToken);
        CardId? card = null;
        while (true)
        {
            try
            {
                card ??= await WaitForCardAsync();
                if (card is null)
                {
                    return;
                }
                var shown = await desk.IdentifyAsync(card.Value, cancellationToken);
                screen.Show(shown);
                await ServeAsync(card.Value, shown);
                card = null;
            }
            catch (CardSwitchedException switched)
            {
                card = switched.Card;
            }
            catch (EndOfStreamException)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever went wrong, the till stays up and waits for the next card.
                screen.Bad($"error: {e.Message}");
                card = null;
            }
        }
    }

    private async Task<CardId?> WaitForCardAsync()
    {
        screen.Info(keyboard is null ? "Tap or swipe a card." : "Tap, swipe or type a card number.");
        while (await NextAsync(cardInput: true) is not null)
        {
            // Never echo typed text: it may be a bank card swiped into the wrong window.
            screen.Bad("Typed input is ignored until a card is read.");
        }
        return null;
    }

    private async Task ServeAsync(CardId card, DeskAnswer shown)
    {
        while (true)
        {
            var choice = await AskAsync(shown is KnownCardAnswer or DeclinedAnswer { Reason: DeclineReasons.Offline or DeclineReasons.Unavailable }
                ? "[p]urchase  [r]edeem  re[f]und  [b]alance  [d]ead letters  [n]ext card > "
                : "[e]nroll  [p]urchase  [d]ead letters  [n]ext card > ");
            switch (choice.ToLowerInvariant())
            {
                case "p":
                    await PurchaseAsync(card, redeemable: shown is KnownCardAnswer);
                    break;
                case "r":
                    await OfferRedemptionAsync(card, await AskAsync("Receipt id > "));
                    break;
                case "f":
                    var returnReceipt = await AskAsync("Return receipt id > ");
                    var refundOf = await AskAsync("Refund of receipt id > ");
                    var (originalTill, originalDay) = await AskOriginalTillAndDayAsync();
                    screen.Show(await desk.RefundAsync(card, returnReceipt, refundOf, await AskAmountAsync("Refunded amount > "), null, _cancellation,
                        originalTill, originalDay));
                    break;
                case "b":
                    screen.Show(await desk.BalanceAsync(card, _cancellation));
                    break;
                case "e":
                    var name = await AskAsync("Customer name > ");
                    screen.Show(await desk.EnrollAsync(card, new RetentionActors.Contracts.Customers.CustomerProfile(name), enrollmentId: null, _cancellation));
                    break;
                case "d":
                    screen.Show(desk.DeadLetters());
                    break;
                case "n" or "":
                    return;
                default:
                    screen.Bad($"'{choice}' is not a choice.");
                    break;
            }
        }
    }

    // The redemption is asked before the sale is sent, so that both go in one checkout call.
    private async Task PurchaseAsync(CardId card, bool redeemable)
    {
        var receipt = await AskAsync("Receipt id > ");
        var amount = await AskAmountAsync("Amount > ");
        var lines = new List<PurchaseLine>();
        screen.Info("Lines, optional: 'sku amount [category] [quantity]', empty line to finish.");
        while (await AskAsync("line > ") is { Length: > 0 } text)
        {
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var lineAmount))
            {
                var quantity = parts.Length >= 4 && decimal.TryParse(parts[3], NumberStyles.Number, CultureInfo.InvariantCulture, out var q) ? q : 1m;
                lines.Add(new PurchaseLine(parts[0], parts.Length >= 3 ? parts[2] : null, quantity, lineAmount));
            }
            else
            {
                screen.Bad("A line is: sku amount [category] [quantity].");
            }
        }
        var points = redeemable ? await AskPointsAsync() : 0;
        var answer = await desk.PurchaseAsync(card, receipt, amount, lines, _cancellation, pointsToRedeem: points);
        screen.Show(answer);
        if (answer is AccruedAnswer { Redemption: { } redemption })
        {
            screen.Show(redemption);
        }
    }

    private async Task OfferRedemptionAsync(CardId card, string receiptId)
    {
        if (await AskPointsAsync() is > 0 and var points)
        {
            screen.Show(await desk.RedeemAsync(card, receiptId, points, _cancellation));
        }
    }

    // Points to redeem, 0 for none (an empty line).
    private async Task<long> AskPointsAsync()
    {
        while (true)
        {
            var text = await AskAsync("Redeem points (empty for none) > ");
            if (text.Length == 0)
            {
                return 0;
            }
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var points))
            {
                return points;
            }
            screen.Bad($"'{text}' is not a number of points.");
        }
    }

    // As printed on the original receipt; empty when it shows neither, and the silo finds the sale if only one matches.
    private async Task<(string? Till, DateOnly? Day)> AskOriginalTillAndDayAsync()
    {
        while (true)
        {
            var parts = (await AskAsync("Its till and business day as printed, e.g. 'till-2 2026-12-03' (empty if not printed) > "))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string? till = null;
            DateOnly? day = null;
            foreach (var part in parts)
            {
                if (DateOnly.TryParseExact(part, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    day = date;
                }
                else
                {
                    till = part;
                }
            }
            if (parts.Length <= 2 && (parts.Length < 2 || (till is not null && day is not null)))
            {
                return (till, day);
            }
            screen.Bad("Give the till id, the business day (yyyy-MM-dd), both, or nothing.");
        }
    }

    private async Task<decimal> AskAmountAsync(string prompt)
    {
        while (true)
        {
            var text = await AskAsync(prompt);
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
            {
                return amount;
            }
            screen.Bad($"'{text}' is not an amount (e.g. 12.50).");
        }
    }

    private async Task<string> AskAsync(string prompt)
    {
        screen.Prompt(prompt);
        return (await NextAsync(cardInput: false) ?? throw new EndOfStreamException()).Trim();
    }

    // The next typed line; reader events are handled on the way: a card read switches to it.
    // With cardInput, typed lines go to the keyboard reader and null is returned when input ends.
    private async Task<string?> NextAsync(bool cardInput)
    {
        await foreach (var item in _input.ReadAllAsync(_cancellation))
        {
            if (item.Event is { } readerEvent)
            {
                Handle(readerEvent);
            }
            else if (cardInput && keyboard is not null)
            {
                Handle(keyboard.Read(item.Line!));
            }
            else if (!cardInput || item.Line!.Trim().Length > 0)
            {
                return item.Line;
            }
        }
        return null;
    }

    private void Handle(ReaderEvent readerEvent)
    {
        switch (readerEvent.Kind)
        {
            case ReaderEventKind.Card:
                throw new CardSwitchedException(readerEvent.Card!.Value);
            case ReaderEventKind.Refused:
                screen.Bad($"card refused: {readerEvent.Reason}");
                break;
            case ReaderEventKind.Lost:
                screen.Bad($"reader lost ({readerEvent.Reason})");
                break;
            default:
                screen.Good($"reader ready ({readerEvent.Reason})");
                break;
        }
    }
}
