using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;

namespace RetentionActors.Grains.Customers;

// Offline redemption: a signed allowance for a till while it is online, and the redemption it made offline, booked once
// when it arrives, with the shortfall as debt.
public sealed partial class CustomerGrain
{
    async Task<AllowanceGrant> ICustomerGrain.IssueOfflineAllowanceAsync(AllowanceRequest request, string cardId)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (_document is null)
        {
            return AllowanceGrant.Decline(DeclineReason.NotEnrolled, NotEnrolledMessage);
        }
        var program = await ProgramAsync();
        var now = Now;
        var grant = OfflineGrant.Decide(CustomerId, program.Current.Mechanics, _account, now, program.Timing);
        if (grant.Refused is { } refused)
        {
            return AllowanceGrant.Decline(DeclineReason.NoOfflineAllowance, refused);
        }
        var allowance = allowanceSigner.Sign(new OfflineAllowance(CustomerId, cardId, request.StoreId, request.TerminalId, grant.Points, now, grant.ValidUntil, "", ""));
        return new AllowanceGrant(allowance, allowanceSigner.PublicKey, null);
    }

    async Task<RedemptionResult> ICustomerGrain.RedeemOfflineAsync(OfflineRedemption redemption, string cardId)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        redemption.Validate(Now);
        if (_document is null)
        {
            return RedemptionResult.Decline(DeclineReason.NotEnrolled, NotEnrolledMessage);
        }
        var till = new TillReference(redemption.StoreId, redemption.TerminalId, redemption.ReceiptId, cardId, redemption.OccurredAt, redemption.BusinessDay);
        var key = EntryKeys.For(till, EntryKind.OfflineRedemption);
        if (await StoredAnswerAsync<RedemptionResult>(key, till.OccurredAt) is { } booked)
        {
            return booked with { Replayed = true };
        }

        var allowance = redemption.Allowance;
        if (!allowanceSigner.Signed(allowance) || allowance.CustomerId != CustomerId)
        {
            return RedemptionResult.Decline(DeclineReason.OfflineAllowanceRefused,
                $"The offline allowance of receipt {redemption.ReceiptId} is not one the cluster signed for this customer: it was altered or made elsewhere.");
        }
        if (allowance.RefusalFor(cardId, redemption.StoreId, redemption.TerminalId, redemption.OccurredAt, redemption.Points, usedToday: 0) is { } wrong)
        {
            return RedemptionResult.Decline(DeclineReason.OfflineAllowanceRefused, $"Receipt {redemption.ReceiptId}: {wrong}.");
        }
        var program = await ProgramAsync();
        var value = redemption.Points * program.At(redemption.OccurredAt).RedemptionValuePerPoint;
        var decision = _account.RedeemOffline(till, redemption.Points, allowance.Points, value, Now, program.Timing);
        if (!decision.IsAccepted)
        {
            return RedemptionResult.Decline(decision.Refusal.ToDeclineReason(), decision.Message);
        }
        var entry = decision.Entries[^1];
        var result = new RedemptionResult(redemption.Points, value, entry.BalanceAfter) { DebtIncurred = entry.Debt };
        return await AppendAsync(key, decision.Entries, result, receipt: EntryKeys.Receipt(till));
    }
}
