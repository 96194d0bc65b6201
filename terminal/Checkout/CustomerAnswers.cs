using RetentionActors.Contracts.Customers;

namespace RetentionActors.Terminal.Checkout;

/// <summary>Who the customer is and where they stand in the program, as the card, balance, enrolment and checkout answers show it.</summary>
public sealed record Standing(string CustomerId, string Name, int Visits, decimal LifetimeSpend, string? Tier, string? NextTier, decimal? SpendToNextTier,
    long PointsExpiringSoon, long PendingPoints)
{
    public static Standing Of(CustomerSummary customer) => new(customer.CustomerId, customer.Profile.DisplayName, customer.VisitCount, customer.LifetimeSpend,
        customer.Tier, customer.NextTier, customer.SpendToNextTier, customer.PointsExpiringSoon, customer.PendingPoints);
}

/// <summary>What the customer holds: points, stamps on each stamp card, coupon codes.</summary>
public sealed record Holdings(long Balance, IReadOnlyDictionary<string, int> Stamps, IReadOnlyList<string> Coupons)
{
    public static Holdings Of(CustomerSummary customer) => new(customer.Balance, customer.Stamps, customer.Coupons);
}

/// <summary>A new customer was enrolled on the card.</summary>
public sealed record EnrolledAnswer(string CardId, Standing Customer, Holdings Holds) : DeskAnswer
{
    public override string Event => AnswerEvents.Enrolled;
}

/// <summary>The card holder's balance and standing.</summary>
public sealed record BalanceAnswer(string CardId, Standing Customer, Holdings Holds) : DeskAnswer
{
    public override string Event => AnswerEvents.Balance;
}

/// <summary>The card holder's 0–10 recommendation answer was stored, under <see cref="Reference"/>.</summary>
public sealed record FeedbackAnswer(string CardId, int Score, string Reference) : DeskAnswer
{
    public override string Event => AnswerEvents.Feedback;
}
