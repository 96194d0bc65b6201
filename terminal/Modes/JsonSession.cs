using System.Text.Json;
using System.Threading.Channels;
using RetentionActors.Contracts.Cards;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.CardData;
using RetentionActors.Terminal.Readers.Keyboard;

namespace RetentionActors.Terminal.Modes;

/// <summary>
/// <c>--json</c>: one JSON line per card read and per answer, operations as JSON lines on standard input
/// (see README "Terminal"). Lines that are not JSON are card input for the keyboard reader when there is one.
/// </summary>
public sealed class JsonSession(LoyaltyDesk desk, JsonAnswerWriter output, KeyboardCardReader? keyboard)
{
    private CardId? _lastCard;

    public async Task RunAsync(ChannelReader<InputItem> input, CancellationToken cancellationToken)
    {
        await foreach (var item in input.ReadAllAsync(cancellationToken))
        {
            if (item.Event is { } readerEvent)
            {
                await OnReaderEventAsync(readerEvent, cancellationToken);
            }
            else if (item.Line is { } line)
            {
                await OnLineAsync(line, cancellationToken);
            }
        }
    }

    public async Task OnReaderEventAsync(ReaderEvent readerEvent, CancellationToken cancellationToken)
    {
        switch (readerEvent.Kind)
        {
            case ReaderEventKind.Card:
                _lastCard = readerEvent.Card!.Value;
                var answer = await desk.IdentifyAsync(_lastCard.Value, cancellationToken);
                output.WriteCardRead(answer);
                break;
            case ReaderEventKind.Refused:
                output.Write(new DeclinedAnswer(readerEvent.Reason!, null));
                break;
            default:
                output.Write(new ReaderAnswer(readerEvent.Kind == ReaderEventKind.Ready, readerEvent.Reason));
                break;
        }
    }

    public async Task OnLineAsync(string line, CancellationToken cancellationToken)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0)
        {
            return;
        }
        if (!trimmed.StartsWith('{'))
        {
            if (keyboard is not null)
            {
                await OnReaderEventAsync(keyboard.Read(trimmed), cancellationToken);
            }
            else
            {
                output.Write(Answers.Decline(DeclineReasons.Invalid, "Expected a JSON operation, e.g. {\"op\":\"balance\"}."));
            }
            return;
        }
        output.Write(await ExecuteAsync(trimmed, cancellationToken));
    }

    private async Task<DeskAnswer> ExecuteAsync(string json, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            // A field given twice is refused: the last one would win, so {"amount":12.5,…,"amount":1250} earned 1250 points.
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            return Answers.Decline(DeclineReasons.Invalid, "The line is not valid JSON, or gives a field twice.");
        }
        using (document)
        {
            JsonOperation? op = null;
            try
            {
                op = new JsonOperation(document.RootElement);
                if (op.Name == "deadLetters")
                {
                    return desk.DeadLetters();
                }
                var card = CardFor(op);
                if (card is null)
                {
                    return Answers.Decline(DeclineReasons.NoCard, "No card has been read yet and the operation names no cardId.");
                }
                return op.Name switch
                {
                    "purchase" => await desk.PurchaseAsync(card.Value, op.Required("receiptId"), op.Amount("amount"), op.Lines(), cancellationToken, op.Day("businessDay"),
                        op.OptionalPoints("redeemPoints")),
                    "redeem" => await desk.RedeemAsync(card.Value, op.Required("receiptId"), op.Points("points"), cancellationToken, op.Day("businessDay")),
                    "refund" => await desk.RefundAsync(card.Value, op.Required("receiptId"), op.Required("refundOf"), op.Amount("amount"), op.String("refundOfStore"), cancellationToken,
                        op.String("refundOfTerminal"), op.Day("refundOfDay")),
                    "enroll" => await desk.EnrollAsync(card.Value, op.Profile(), op.String("enrollmentId"), cancellationToken),
                    "balance" => await desk.BalanceAsync(card.Value, cancellationToken),
                    "feedback" => await desk.FeedbackAsync(card.Value, op.Score(), op.String("reference"), cancellationToken),
                    "coupon" => await desk.RedeemCouponAsync(card.Value, op.Required("receiptId"), op.Required("code"), cancellationToken),
                    "reward" => await desk.ClaimRewardAsync(card.Value, op.Required("rewardId"), op.String("reference"), cancellationToken),
                    _ => Answers.Decline(DeclineReasons.UnknownOperation,
                        $"Unknown or missing op; use {string.Join(", ", JsonOperation.Ops)}.", card.Value.ToString()),
                };
            }
            catch (FormatException e) when (e.Message == CardId.PaymentCardRefusal)
            {
                // Nothing of it is queued, logged or echoed.
                return Answers.Decline(RefusalReasons.BankCard, CardId.PaymentCardRefusal);
            }
            catch (FormatException e)
            {
                return Answers.Decline(DeclineReasons.Invalid, e.Message, op is { NamesCard: false } ? _lastCard?.ToString() : null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One answer per operation, whatever happens; the session keeps going.
                return Answers.Decline(DeclineReasons.Error, e.Message);
            }
        }
    }

    // The operation's own card when it names one (a card id that is not text is refused, never replaced by the last
    // card read), else the last card read.
    private CardId? CardFor(JsonOperation op)
    {
        if (op.CardText() is not { } text)
        {
            return _lastCard;
        }
        // The refused text is not echoed: it may be anything, a bank card number included.
        return CardId.TryParse(text, out var card, out var error) ? card
            : throw new FormatException(error == CardId.PaymentCardRefusal ? error : "'cardId' is not a card id (nfc:<UID hex>, mag:<digits> or bar:<code>).");
    }
}
