namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// A named back-office operator. Its secret is no part of it: the store keeps only the secret's salted hash,
/// and hands that out only to check a login (<see cref="IOperatorStore.FindForLoginAsync"/>).
/// </summary>
public sealed record BackOfficeOperator(string Name, OperatorRole Role, DateTimeOffset CreatedAt, string CreatedBy)
{
    public DateTimeOffset? DisabledAt { get; init; }

    public string? DisabledBy { get; init; }
}
