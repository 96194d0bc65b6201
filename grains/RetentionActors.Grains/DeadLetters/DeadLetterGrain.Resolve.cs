using System.Text.Json;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Audit;

namespace RetentionActors.Grains.DeadLetters;

// The back office's side: book a letter corrected, or dismiss it. Both are for the cluster only (no terminal role).
public sealed partial class DeadLetterGrain
{
    async Task<DeadLetterResult> IDeadLetterGrain.RetryAsync(DeadLetterCorrection correction)
    {
        ArgumentNullException.ThrowIfNull(correction);
        correction.Validate();
        var letter = await store.FindAsync(StoreId, TerminalId, new DeadLetterReceipt(correction.BusinessDay, correction.ReceiptId));
        switch (letter?.Status)
        {
            case null:
                return NotFound(correction.BusinessDay, correction.ReceiptId);
            case DeadLetterStatus.Booked:
                return new DeadLetterResult(DeadLetterOutcome.AlreadyDone, letter, null,
                    $"{Describe(letter)} was booked already by {letter.ResolvedBy} ({letter.ResolutionNote}); it is in the ledger once.");
            case DeadLetterStatus.Dismissed:
                return new DeadLetterResult(DeadLetterOutcome.Conflict, letter, null,
                    $"{Describe(letter)} was dismissed by {letter.ResolvedBy}: {letter.ResolutionNote}. A dismissed sale is not booked.");
            case DeadLetterStatus.Open:
                // The correction is fixed before the card grain sees it: a retry after a lost answer books the same sale
                // on the same card, never a second one somewhere else.
                var booking = DeadLetterCorrections.Apply(letter, correction) with { Status = DeadLetterStatus.Booking, ResolvedBy = correction.OperatorName };
                // A step, not the outcome: the audit row travels with the booking in the ledger, or with the reopening.
                using (AuditContext.Suspend())
                {
                    await UpdateAsync(booking, DeadLetterStatus.Open);
                }
                letter = booking;
                break;
        }
        return await BookAsync(letter);
    }

    async Task<DeadLetterResult> IDeadLetterGrain.DismissAsync(DeadLetterDismissal dismissal)
    {
        ArgumentNullException.ThrowIfNull(dismissal);
        dismissal.Validate();
        var letter = await store.FindAsync(StoreId, TerminalId, new DeadLetterReceipt(dismissal.BusinessDay, dismissal.ReceiptId));
        switch (letter?.Status)
        {
            case null:
                return NotFound(dismissal.BusinessDay, dismissal.ReceiptId);
            case DeadLetterStatus.Dismissed:
                return new DeadLetterResult(DeadLetterOutcome.AlreadyDone, letter, null, $"{Describe(letter)} was dismissed already by {letter.ResolvedBy}.");
            case DeadLetterStatus.Booked:
                return new DeadLetterResult(DeadLetterOutcome.Conflict, letter, null, $"{Describe(letter)} is booked in the ledger; there is nothing to dismiss.");
            case DeadLetterStatus.Booking:
                return new DeadLetterResult(DeadLetterOutcome.Conflict, letter, null,
                    $"Booking {Describe(letter)} has started (by {letter.ResolvedBy}) and may have reached the ledger: retry it to complete the booking.");
        }
        var dismissed = letter with
        {
            Status = DeadLetterStatus.Dismissed,
            ResolvedBy = dismissal.OperatorName,
            ResolvedAt = clock.GetUtcNow(),
            ResolutionNote = dismissal.Reason,
        };
        await UpdateAsync(dismissed, DeadLetterStatus.Open);
        LogResolved(logger, this.GetPrimaryKeyString(), TillDay(dismissed), dismissed.ReceiptId, dismissed.Status, dismissal.OperatorName);
        return new DeadLetterResult(DeadLetterOutcome.Done, dismissed, null, $"{Describe(dismissed)} dismissed: {dismissal.Reason}");
    }

    private async Task<DeadLetterResult> BookAsync(DeadLetter letter)
    {
        var sale = DeadLetterCorrections.Sale(letter);
        AccrualResult result;
        try
        {
            result = await GrainFactory.GetGrain<ILoyaltyCardGrain>(letter.CorrectedCardId ?? letter.CardId).EarnAsync(sale);
        }
        catch (ArgumentException malformed)
        {
            // Refused before anything was written: the operator may correct it differently.
            return await ReopenAsync(letter, "invalid", malformed.Message, null);
        }
        if (result.Declined is { } declined)
        {
            return await ReopenAsync(letter, JsonNamingPolicy.CamelCase.ConvertName(declined.Reason.ToString()), declined.Message, declined.ClockSkew);
        }
        var booked = letter with { Status = DeadLetterStatus.Booked, ResolvedAt = clock.GetUtcNow(), PointsEarned = result.PointsEarned };
        await UpdateAsync(booked, DeadLetterStatus.Booking);
        LogResolved(logger, this.GetPrimaryKeyString(), TillDay(booked), booked.ReceiptId, booked.Status, booked.ResolvedBy ?? "unknown");
        return new DeadLetterResult(DeadLetterOutcome.Done, booked, result,
            $"{Describe(booked)} booked{(result.Replayed ? " (it was in the ledger already)" : "")}: {result.PointsEarned} points ({booked.ResolutionNote}).");
    }

    private async Task<DeadLetterResult> ReopenAsync(DeadLetter letter, string reasonCode, string message, TimeSpan? skew)
    {
        var reopened = letter with
        {
            Status = DeadLetterStatus.Open,
            ReasonCode = reasonCode,
            Message = message,
            // The till's skew measured when it sent the sale stays; a corrected sale's own distance from now is no measure of the till.
            ClockSkew = letter.ClockSkew ?? skew,
            CorrectedCardId = null,
            CorrectedAmount = null,
            CorrectedOccurredAt = null,
            ResolvedBy = null,
            ResolutionNote = null,
        };
        // The audit row of the retry says how it ended, in the write that reopens the letter.
        using (AuditContext.Current is { } intent ? AuditContext.Begin(intent with { Outcome = $"declined: {reasonCode}" }) : null)
        {
            await UpdateAsync(reopened, DeadLetterStatus.Booking);
        }
        return new DeadLetterResult(DeadLetterOutcome.Declined, reopened, null,
            $"The corrected sale {Describe(letter)} was declined ({reasonCode}): {message}. It stays open for another correction.");
    }

    private async Task UpdateAsync(DeadLetter letter, DeadLetterStatus expected)
    {
        if (!await store.UpdateAsync(letter, expected))
        {
            // Only this activation writes this till's letters; another writer means two activations: reload and let the caller retry.
            DeactivateOnIdle();
            throw new InvalidOperationException($"{Describe(letter)} changed under this grain (expected {expected}); try again.");
        }
    }

    private DeadLetterResult NotFound(DateOnly day, string receiptId) =>
        new(DeadLetterOutcome.NotFound, null, null, $"{StoreId}/{TerminalId} has reported no dead letter for receipt {receiptId} of {Contracts.Ledger.TillDay.Text(day)}.");

    private static string Describe(DeadLetter letter) => $"Receipt {letter.ReceiptId} of {TillDay(letter)} at {letter.StoreId}/{letter.TerminalId}";
}
