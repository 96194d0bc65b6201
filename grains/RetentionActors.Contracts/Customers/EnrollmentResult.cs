namespace RetentionActors.Contracts.Customers;

/// <summary>The enrolled customer, or why enrollment was refused (for example, already enrolled).</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Customers.EnrollmentResult")]
public sealed record EnrollmentResult(
    [property: Id(0)] CustomerSummary? Customer,
    [property: Id(1)] Decline? Declined)
{
    public bool IsAccepted => Declined is null;
}
