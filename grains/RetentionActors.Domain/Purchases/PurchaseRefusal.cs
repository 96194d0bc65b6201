namespace RetentionActors.Domain.Purchases;

/// <summary>Why a purchase earns nothing; the grain maps each to the decline the till sees.</summary>
public enum PurchaseRefusal
{
    /// <summary>Above the program's maximum purchase: a till typo or fraud, not a sale.</summary>
    AmountAboveMaximum = 1,

    /// <summary>Past a velocity limit (purchases per card per hour, points per day); the customer's document records it.</summary>
    VelocityLimit = 2,
}
