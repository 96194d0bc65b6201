namespace RetentionActors.Contracts.DeadLetters;

/// <summary>An operator closing a dead letter without booking it, and why (a test sale, a duplicate, a card nobody can name).</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.DeadLetters.DeadLetterDismissal")]
public sealed record DeadLetterDismissal(
    [property: Id(0)] DateOnly BusinessDay,
    [property: Id(1)] string ReceiptId,
    [property: Id(2)] string OperatorName,
    [property: Id(3)] string Reason)
{
    public void Validate()
    {
        Require.Id(ReceiptId, nameof(ReceiptId));
        Require.Text(OperatorName, nameof(OperatorName), 64);
        Require.Text(Reason, nameof(Reason), 500);
    }
}
