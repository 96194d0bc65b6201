using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
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
                output.Write(answer.Event == AnswerEvents.Declined
                    ? new DeskAnswer(AnswerEvents.Card) { CardId = answer.CardId, Reason = answer.Reason, Message = answer.Message }
                    : answer);
                break;
            case ReaderEventKind.Refused:
                output.Write(new DeskAnswer(AnswerEvents.Declined) { Reason = readerEvent.Reason });
                break;
            default:
                output.Write(new DeskAnswer(AnswerEvents.Reader) { Status = readerEvent.Kind == ReaderEventKind.Ready ? "ready" : "lost", Message = readerEvent.Reason });
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
                output.Write(DeskAnswer.Decline(DeclineReasons.Invalid, "Expected a JSON operation, e.g. {\"op\":\"balance\"}."));
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
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return DeskAnswer.Decline(DeclineReasons.Invalid, "The line is not valid JSON.");
        }
        using (document)
        {
            var op = document.RootElement;
            if (op.ValueKind != JsonValueKind.Object)
            {
                return DeskAnswer.Decline(DeclineReasons.Invalid, "An operation is a JSON object.");
            }
            try
            {
                if (String(op, "op") == "deadLetters")
                {
                    return desk.DeadLetters();
                }
                var card = CardFor(op);
                if (card is null)
                {
                    return DeskAnswer.Decline(DeclineReasons.NoCard, "No card has been read yet and the operation names no cardId.");
                }
                return String(op, "op") switch
                {
                    "purchase" => await desk.PurchaseAsync(card.Value, Required(op, "receiptId"), Amount(op, "amount"), Lines(op), cancellationToken, Day(op, "businessDay")),
                    "redeem" => await desk.RedeemAsync(card.Value, Required(op, "receiptId"), Points(op), cancellationToken),
                    "refund" => await desk.RefundAsync(card.Value, Required(op, "receiptId"), Required(op, "refundOf"), Amount(op, "amount"), String(op, "refundOfStore"), cancellationToken,
                        String(op, "refundOfTerminal"), Day(op, "refundOfDay")),
                    "enroll" => await desk.EnrollAsync(card.Value, Profile(op), String(op, "enrollmentId"), cancellationToken),
                    "balance" => await desk.BalanceAsync(card.Value, cancellationToken),
                    "feedback" => await desk.FeedbackAsync(card.Value, Score(op), String(op, "reference"), cancellationToken),
                    "coupon" => await desk.RedeemCouponAsync(card.Value, Required(op, "receiptId"), Required(op, "code"), cancellationToken),
                    "reward" => await desk.ClaimRewardAsync(card.Value, Required(op, "rewardId"), String(op, "reference"), cancellationToken),
                    var other => DeskAnswer.Decline(DeclineReasons.UnknownOperation,
                        $"Unknown op '{other}'; use purchase, redeem, refund, enroll, balance, feedback, coupon, reward or deadLetters.", card.Value.ToString()),
                };
            }
            catch (FormatException e) when (e.Message == CardId.PaymentCardRefusal)
            {
                // Nothing of it is queued, logged or echoed.
                return DeskAnswer.Decline(RefusalReasons.BankCard, CardId.PaymentCardRefusal);
            }
            catch (FormatException e)
            {
                return DeskAnswer.Decline(DeclineReasons.Invalid, e.Message, String(op, "cardId") is null ? _lastCard?.ToString() : null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One answer per operation, whatever happens; the session keeps going.
                return DeskAnswer.Decline(DeclineReasons.Error, e.Message);
            }
        }
    }

    private static int Score(JsonElement op) =>
        op.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number && score.TryGetInt32(out var value) && value is >= 0 and <= 10
            ? value
            : throw new FormatException("feedback needs \"score\": a whole number from 0 to 10.");

    private CardId? CardFor(JsonElement op)
    {
        if (String(op, "cardId") is not { } text)
        {
            return _lastCard;
        }
        // The refused text is not echoed: it may be anything, a bank card number included.
        return CardId.TryParse(text, out var card, out var error) ? card
            : throw new FormatException(error == CardId.PaymentCardRefusal ? error : "'cardId' is not a card id (nfc:<UID hex>, mag:<digits> or bar:<code>).");
    }

    private static string? String(JsonElement op, string name) =>
        op.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Required(JsonElement op, string name) =>
        String(op, name) is { Length: > 0 } text ? text : throw new FormatException($"'{name}' is required (a string).");

    private static decimal Amount(JsonElement op, string name) => Amount(op, name, required: true)!.Value;

    private static decimal? Amount(JsonElement op, string name, bool required)
    {
        if (!op.TryGetProperty(name, out var value))
        {
            return required ? throw new FormatException($"'{name}' is required (a number).") : null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out var number) => number,
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
            _ => throw new FormatException($"'{name}' must be a number."),
        };
    }

    private static long Points(JsonElement op) =>
        op.TryGetProperty("points", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var points)
            ? points
            : throw new FormatException("'points' is required (a whole number).");

    private static List<PurchaseLine>? Lines(JsonElement op)
    {
        if (!op.TryGetProperty("lines", out var lines) || lines.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (lines.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("'lines' must be an array.");
        }
        return lines.EnumerateArray().Select(line => line.ValueKind == JsonValueKind.Object
            ? new PurchaseLine(Required(line, "sku"), String(line, "category"), Amount(line, "quantity", required: false) ?? 1m, Amount(line, "amount"))
            : throw new FormatException("Each line is an object with sku, amount and optional category and quantity.")).ToList();
    }

    private static DateOnly? Day(JsonElement op, string name)
    {
        if (!op.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new FormatException($"'{name}' must be a date, yyyy-MM-dd.");
    }

    private static CustomerProfile Profile(JsonElement op)
    {
        var birthday = Day(op, "birthday");
        var consent = op.TryGetProperty("consent", out var c) && c.ValueKind == JsonValueKind.True;
        return new CustomerProfile(Required(op, "name"), String(op, "email"), String(op, "phone"), birthday, consent);
    }
}
