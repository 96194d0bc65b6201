namespace RetentionActors.Contracts.Customers;

/// <summary>
/// A new customer signing up on a card at a till or kiosk. <see cref="EnrollmentId"/> identifies the sign-up:
/// the terminal keeps it while it retries, so a retry after a lost answer finds the customer it created.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Customers.Enrollment")]
public sealed record Enrollment(
    [property: Id(0)] string EnrollmentId,
    [property: Id(1)] CustomerProfile Profile,
    [property: Id(2)] string? ReferralCode = null)
{
    /// <summary>The enrollment id a terminal uses when its caller gives none: one per card, since a card is enrolled once.</summary>
    public static string ForCard(string cardId) => $"card:{cardId}";

    public void Validate(DateTimeOffset now)
    {
        Require.Id(EnrollmentId, nameof(EnrollmentId));
        ArgumentNullException.ThrowIfNull(Profile);
        Profile.Validate(now);
        if (ReferralCode is not null)
        {
            Require.Id(ReferralCode, nameof(ReferralCode));
        }
    }
}
