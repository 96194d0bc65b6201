using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Grains.Security;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// Offline redemption: a signed allowance for a till while it is online, and the redemption it made offline, booked once
/// when it arrives, with the shortfall as debt.
/// </summary>
internal sealed class OfflineRedemptions(ActiveCustomer customer, OfflineAllowanceSigner signer)
{
    public async Task<AllowanceGrant> IssueAllowanceAsync(AllowanceRequest request, CardId cardId)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (customer.NotEnrolled(AllowanceGrant.Decline) is { } notEnrolled)
        {
            return notEnrolled;
        }
        var program = await customer.ProgramAsync();
        var now = customer.Now;
        var grant = OfflineGrant.Decide(customer.Id, program.Current.Mechanics, customer.Account, now, program.Timing);
        if (grant.Refused is { } refused)
        {
            return AllowanceGrant.Decline(DeclineReason.NoOfflineAllowance, refused);
        }
        var allowance = signer.Sign(new OfflineAllowance(customer.Id, cardId.ToString(), request.StoreId, request.TerminalId, grant.Points, now, grant.ValidUntil, "", ""));
        return new AllowanceGrant(allowance, signer.PublicKey, null);
    }

    public async Task<RedemptionResult> RedeemAsync(OfflineRedemption redemption, CardId cardId)
    {
        var till = TillRequests.Checked(redemption, cardId, customer.Now);
        var key = EntryKeys.For(till, EntryKind.OfflineRedemption);
        if (customer.NotEnrolled(RedemptionResult.Decline) is { } notEnrolled)
        {
            return notEnrolled;
        }
        if (await customer.Answers.GetAsync<RedemptionResult>(key, till.OccurredAt) is { } booked)
        {
            // As for a sale or an online redemption: sent again it is a retry; with other points it is not, and books nothing.
            return booked.PointsRedeemed == redemption.Points ? booked with { Replayed = true }
                : RedemptionResult.Decline(DeclineReason.ReceiptConflict,
                    $"Receipt {redemption.ReceiptId} already redeemed {booked.PointsRedeemed} points offline; it cannot redeem {redemption.Points} instead.");
        }

        var allowance = redemption.Allowance;
        if (!signer.Signed(allowance) || allowance.CustomerId != customer.Id)
        {
            return RedemptionResult.Decline(DeclineReason.OfflineAllowanceRefused,
                $"The offline allowance of receipt {redemption.ReceiptId} is not one the cluster signed for this customer: it was altered or made elsewhere.");
        }
        if (allowance.RefusalFor(cardId.ToString(), redemption.StoreId, redemption.TerminalId, redemption.OccurredAt, redemption.Points, usedToday: 0) is { } wrong)
        {
            return RedemptionResult.Decline(DeclineReason.OfflineAllowanceRefused, $"Receipt {redemption.ReceiptId}: {wrong}.");
        }
        if (await new TillReceipts(customer).RedeemedTheOtherWayAsync(till, EntryKind.OfflineRedemption, redemption.Points) is { } redeemedOnline)
        {
            return redeemedOnline;
        }
        var program = await customer.ProgramAsync();
        var value = redemption.Points * program.At(redemption.OccurredAt).RedemptionValuePerPoint;
        var decision = customer.Account.RedeemOffline(till, redemption.Points, allowance.Points, value, customer.Now, program.Timing);
        if (!decision.IsAccepted)
        {
            return RedemptionResult.Decline(decision.Refusal.ToDeclineReason(), decision.Message);
        }
        var entry = decision.Entries[^1];
        var result = new RedemptionResult(redemption.Points, value, entry.BalanceAfter) { DebtIncurred = entry.Debt };
        return await customer.Commits.AppendAsync(key, decision.Entries, result, receipt: EntryKeys.Receipt(till));
    }
}
