namespace RetentionActors.Domain.Purchases;

/// <summary>A purchase refused (<see cref="Refusal"/> and why), or the <see cref="Plan"/> of what it earns.</summary>
public sealed record PurchaseJudgement(PurchaseRefusal? Refusal, string? Message, PurchasePlan? Plan)
{
    public static PurchaseJudgement Refuse(PurchaseRefusal refusal, string message) => new(refusal, message, null);
}

/// <summary>
/// What a campaign wants to give a purchase (points, or 1 gift) before its budget has its say; a gift is all or nothing.
/// <see cref="Reference"/> names the purchase to the campaign, so a retried ask is granted once.
/// </summary>
public sealed record CampaignAsk(Mechanics.CampaignRule Campaign, long Wanted, string Reference)
{
    public bool AllOrNothing => Campaign.Effect == Mechanics.CampaignEffect.Gift;
}

/// <summary>A customer's first draw into an action's holdout or test group, made by a purchase.</summary>
public sealed record HoldoutDraw(string Action, bool HeldOut, DateTimeOffset At);
