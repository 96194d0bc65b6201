namespace RetentionActors.Contracts.Ledger;

/// <summary>
/// A manual correction by an operator. <see cref="Reference"/> (a ticket or case number) is its
/// business identity: the same reference twice adjusts once.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Ledger.Adjustment")]
public sealed record Adjustment(
    [property: Id(0)] string Reference,
    [property: Id(1)] long Points,
    [property: Id(2)] string Reason,
    [property: Id(3)] string OperatorId)
{
    /// <summary>A second operator who approved the adjustment; needed above the program's approval threshold.</summary>
    [Id(4)]
    public string? ApprovedBy { get; init; }

    public void Validate()
    {
        Require.Id(Reference, nameof(Reference));
        Require.Id(OperatorId, nameof(OperatorId));
        if (ApprovedBy is not null)
        {
            Require.Id(ApprovedBy, nameof(ApprovedBy));
        }
        Require.Text(Reason, nameof(Reason), 500);
        if (Points is 0 or > 100_000_000 or < -100_000_000) // not Math.Abs: long.MinValue has no positive twin
        {
            throw new InvalidRequestException($"An adjustment moves 1 to 100,000,000 points either way; got {Points}.", nameof(Points));
        }
    }
}
