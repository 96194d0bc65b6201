using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Domain.Clocks;
using RetentionActors.Domain.Earning;
using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Purchases;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// A sale at a till: replay a known receipt → judge it by the rules in force when it occurred (<see cref="PurchaseRules"/>)
/// → ask the campaigns and issue the coupons → stage the entries and document changes → answer.
/// </summary>
internal sealed class PurchaseBooking(ActiveCustomer customer)
{
    public async Task<AccrualResult> EarnAsync(Purchase purchase, CardId? cardId)
    {
        var till = TillRequests.Checked(purchase, cardId, customer.Now);
        if (await new TillReceipts(customer).OpeningAnswerAsync(till, EntryKind.Purchase, purchase.Amount, AccrualResult.Decline, a => a with { Replayed = true }) is { } answered)
        {
            return answered;
        }
        var program = await customer.ProgramAsync();
        if (TillClock.Judge(purchase.OccurredAt, purchase.SentAt, customer.Now, program.Current.Mechanics.MaxTillClockSkew) is { } wrongClock)
        {
            return new AccrualResult(0, 0, [], new Decline(DeclineReason.TillClockSkew, wrongClock.Message) { ClockSkew = wrongClock.Skew });
        }
        var referrals = new ReferralCompletion(customer);
        await referrals.CompleteAsync();

        // The rules in force when the sale occurred, also when a till delivers it late.
        var rules = program.At(purchase.OccurredAt);
        var document = customer.EnrolledDocument();
        var facts = new PurchaseFacts(till, purchase.Amount, [.. (purchase.Lines ?? []).Select(l => new PurchaseItem(l.Sku, l.Category, l.Quantity, l.Amount))]);
        var before = new CustomerStanding(document.Tier, document.Stamps, document.CampaignGroups, document.ReferredBy is not null && !document.FriendBonusGiven);
        var judged = PurchaseRules.Judge(rules, customer.Account, customer.Id, before, facts, customer.Now);
        if (judged.Plan is not { } plan)
        {
            return judged.Refusal == PurchaseRefusal.VelocityLimit
                ? await BreachAsync(judged.Message!)
                : AccrualResult.Decline(DeclineReason.AmountAboveMaximum, judged.Message!);
        }
        var neighbours = new CampaignsAndCoupons(customer);
        var outcome = plan.Complete(await neighbours.ReserveAsync(plan.CampaignAsks));
        var coupons = await neighbours.IssueAsync(outcome.Coupons, rules, purchase.OccurredAt);
        var result = new AccrualResult(plan.Points, outcome.BalanceAfter, Unlocked(plan, coupons))
        {
            Tier = plan.Tier?.Tier,
            TierUpgraded = plan.TierUpgraded,
            DiscountPercent = rules.DiscountPercent,
            DiscountAmount = rules.DiscountOn(purchase.Amount),
            BonusPoints = outcome.BonusPoints,
            CampaignsApplied = outcome.Campaigns,
            Stamps = plan.Stamps,
            StampsEarned = plan.StampsEarned,
            CouponsIssued = coupons,
            PendingUntil = rules.Mechanics.PendingUntil(purchase.OccurredAt),
        };
        var changed = !outcome.ChangesDocument(before) ? null : document with
        {
            Tier = plan.Tier,
            Stamps = plan.Stamps,
            Coupons = [.. document.Coupons, .. coupons.Select(c => c.Code)],
            FriendBonusGiven = document.FriendBonusGiven || plan.FriendBonus,
            CampaignGroups = plan.CampaignGroups,
            Version = document.Version + 1,
        };
        var assignments = plan.HoldoutDraws.Select(d => new HoldoutAssignment(d.Action, d.HeldOut, d.At)).ToList();
        await customer.Commits.AppendAsync(EntryKeys.For(till, EntryKind.Purchase), outcome.Entries, result, changed, EntryKeys.Receipt(till), assignments);
        await referrals.CompleteAsync();
        return result;
    }

    /// <summary>A purchase and a redemption on its receipt, both checked before either is decided.</summary>
    public async Task<CustomerCheckout> CheckoutAsync(Purchase purchase, long pointsToRedeem, CardId cardId)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        // Both parts are checked before either is decided, so a bad redemption does not leave the purchase booked alone.
        purchase.Validate(customer.Now);
        var redemption = pointsToRedeem == 0 ? null
            : new Redemption(purchase.StoreId, purchase.TerminalId, purchase.ReceiptId, purchase.OccurredAt, pointsToRedeem) { BusinessDay = purchase.BusinessDay };
        redemption?.Validate(customer.Now);

        // Decided inside this call's turn: the redemption's commit is staged after the purchase's, and a failed write
        // fails both, so a redemption is never durable without the purchase it spends on.
        var accrual = await EarnAsync(purchase, cardId);
        if (!accrual.IsAccepted)
        {
            return new CustomerCheckout(accrual, null, null);
        }
        var redeemed = redemption is null ? null : await new PointsSpending(customer).RedeemAsync(redemption, cardId);
        return new CustomerCheckout(accrual, redeemed, await customer.SummaryAsync());
    }

    // What the answer says the purchase unlocked: a tier reached, the coupons issued. A List, as the wire serializer knows it.
    private static List<string> Unlocked(PurchasePlan plan, IReadOnlyList<Contracts.Coupons.CouponInfo> coupons)
    {
        var unlocked = new List<string>();
        if (plan.TierUpgraded)
        {
            unlocked.Add($"Tier {plan.Tier!.Tier}");
        }
        unlocked.AddRange(coupons.Select(c => $"Coupon {c.Code}: {c.Description}"));
        return unlocked;
    }

    private async Task<AccrualResult> BreachAsync(string rule)
    {
        CustomerLog.LogLimitBreached(customer.Logger, customer.Id, rule);
        var document = customer.EnrolledDocument();
        await customer.Commits.SaveDocumentAsync(document with { LimitBreaches = LimitBreaches.After(document.LimitBreaches, customer.Now, rule), Version = document.Version + 1 });
        return AccrualResult.Decline(DeclineReason.VelocityLimit, rule);
    }
}
