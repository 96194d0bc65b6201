using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.DeadLetters;

namespace RetentionActors.Silo.Api;

/// <summary>
/// Sales tills kept because the silo refused them, per store: listed for every operator; booked corrected or dismissed
/// with a reason by admins, through the till's <see cref="IDeadLetterGrain"/>, and audited. The till drops its copy once
/// it hears of the resolution.
/// </summary>
public static class DeadLettersApi
{
    /// <summary>
    /// What to change before booking: <c>undoClockSkew</c> moves the sale back by the till's measured clock skew,
    /// <c>shiftMinutes</c> by any amount; <c>cardId</c> and <c>amount</c> replace the till's. Nothing set books it as it is.
    /// </summary>
    public sealed record RetryRequest(bool UndoClockSkew = false, long? ShiftMinutes = null, string? CardId = null, decimal? Amount = null);

    public sealed record DismissRequest(string Reason);

    public static RouteGroupBuilder MapDeadLettersApi(this RouteGroupBuilder api)
    {
        var letters = api.MapGroup("/deadletters");
        letters.MapGet("/", ListAsync).WithSummary("A store's dead letters (every store's without store), oldest first; status open by default, or booking, booked, dismissed, all.");
        var letter = letters.MapGroup("/{storeId}/{terminalId}/{businessDay}/{receiptId}");
        letter.MapGet("/", GetAsync).WithSummary("One dead letter: the sale as the till rang it up, why it was refused, how it was resolved.");
        letter.MapPost("/retry", RetryAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithSummary("Books the sale, corrected, under its own receipt identity: retrying again books once. A decline leaves it open with the new reason.");
        letter.MapPost("/dismiss", DismissAsync).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithSummary("Closes an open dead letter without booking it, with a reason; the till then drops it.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<DeadLetter>>, ValidationProblem>> ListAsync(
        string? store, string? status, int? take, IDeadLetterStore letters, CancellationToken cancellationToken)
    {
        DeadLetterStatus? only = DeadLetterStatus.Open;
        if (string.Equals(status, "all", StringComparison.OrdinalIgnoreCase))
        {
            only = null;
        }
        else if (status is not null)
        {
            // By name only: Enum.TryParse also takes numbers and lists ("Open,Booked").
            if (Enum.GetNames<DeadLetterStatus>().FirstOrDefault(name => string.Equals(name, status, StringComparison.OrdinalIgnoreCase)) is not { } name)
            {
                return Problems.Invalid("status", "status is open, booking, booked, dismissed or all.");
            }
            only = Enum.Parse<DeadLetterStatus>(name);
        }
        if (store is not null)
        {
            Require.Id(store, nameof(store));
        }
        if (take is < 1 or > 10_000)
        {
            return Problems.Invalid("take", "take is 1 to 10000.");
        }
        return TypedResults.Ok(await letters.ListAsync(store, only, take ?? 1000, cancellationToken));
    }

    private static async Task<Results<Ok<DeadLetter>, NotFound>> GetAsync(
        string storeId, string terminalId, string businessDay, string receiptId, IGrainFactory grains) =>
        await Grain(grains, storeId, terminalId).GetAsync(Day(businessDay), receiptId) is { } letter ? TypedResults.Ok(letter) : TypedResults.NotFound();

    private static async Task<Results<Ok<DeadLetterResult>, ProblemHttpResult>> RetryAsync(
        string storeId, string terminalId, string businessDay, string receiptId, RetryRequest request, IGrainFactory grains, AuditLog audit, ClaimsPrincipal user)
    {
        var correction = new DeadLetterCorrection(Day(businessDay), receiptId, user.Identity!.Name!)
        {
            UndoClockSkew = request.UndoClockSkew,
            ShiftMinutes = request.ShiftMinutes,
            CardId = request.CardId,
            Amount = request.Amount,
        };
        // The write that books the sale (or reopens the letter) carries the audit row; what changed nothing is recorded after.
        var intent = audit.Intend("retry-dead-letter", Target(storeId, terminalId, businessDay, receiptId), Describe(request), "booked");
        DeadLetterResult result;
        using (AuditContext.Begin(intent))
        {
            result = await Grain(grains, storeId, terminalId).RetryAsync(correction);
        }
        await audit.RecordAsync(user, intent, Outcome(result));
        return Answer(result);
    }

    private static async Task<Results<Ok<DeadLetterResult>, ProblemHttpResult>> DismissAsync(
        string storeId, string terminalId, string businessDay, string receiptId, DismissRequest request, IGrainFactory grains, AuditLog audit, ClaimsPrincipal user)
    {
        var intent = audit.Intend("dismiss-dead-letter", Target(storeId, terminalId, businessDay, receiptId), request.Reason, "dismissed");
        DeadLetterResult result;
        using (AuditContext.Begin(intent))
        {
            result = await Grain(grains, storeId, terminalId).DismissAsync(new DeadLetterDismissal(Day(businessDay), receiptId, user.Identity!.Name!, request.Reason));
        }
        await audit.RecordAsync(user, intent, Outcome(result));
        return Answer(result);
    }

    private static Results<Ok<DeadLetterResult>, ProblemHttpResult> Answer(DeadLetterResult result) => result.Outcome switch
    {
        DeadLetterOutcome.Done or DeadLetterOutcome.AlreadyDone => TypedResults.Ok(result),
        DeadLetterOutcome.NotFound => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status404NotFound, title: "No such dead letter"),
        DeadLetterOutcome.Declined => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: $"Declined: {result.Letter?.ReasonCode}"),
        _ => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: $"Dead letter is {result.Letter?.Status.ToString().ToLowerInvariant()}"),
    };

    private static IDeadLetterGrain Grain(IGrainFactory grains, string storeId, string terminalId)
    {
        Require.Id(storeId, nameof(storeId));
        Require.Id(terminalId, nameof(terminalId));
        return grains.GetGrain<IDeadLetterGrain>(DeadLetterKeys.ForTill(storeId, terminalId));
    }

    private static DateOnly Day(string businessDay) =>
        DateOnly.TryParseExact(businessDay, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new InvalidRequestException($"businessDay '{businessDay}' is not a date (yyyy-MM-dd).", nameof(businessDay));

    private static string Target(string storeId, string terminalId, string businessDay, string receiptId) => $"{storeId}/{terminalId}/{businessDay}/{receiptId}";

    private static string Outcome(DeadLetterResult result) => result.Outcome switch
    {
        DeadLetterOutcome.Declined => $"declined: {result.Letter?.ReasonCode}",
        DeadLetterOutcome.Done => result.Letter?.Status.ToString().ToLowerInvariant() ?? "done",
        _ => result.Outcome.ToString().ToLowerInvariant(),
    };

    private static string Describe(RetryRequest request) =>
        string.Create(CultureInfo.InvariantCulture,
            $"undoClockSkew {request.UndoClockSkew}, shiftMinutes {request.ShiftMinutes?.ToString(CultureInfo.InvariantCulture) ?? "-"}, card {request.CardId ?? "-"}, amount {request.Amount?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
}
