namespace RetentionActors.Domain.Ledger;

/// <summary>What the ledger would write for a request, or why it refuses. Nothing is applied yet.</summary>
public sealed record Decision
{
    private Decision(IReadOnlyList<LedgerEntry> entries, Refusal refusal, string message) =>
        (Entries, Refusal, Message) = (entries, refusal, message);

    public IReadOnlyList<LedgerEntry> Entries { get; }
    public Refusal Refusal { get; }
    public string Message { get; }
    public bool IsAccepted => Refusal == Refusal.None;

    /// <summary>Points a refund should have taken back but could not, because they were already spent.</summary>
    public long Shortfall { get; init; }

    /// <summary>For a refund: the purchase it returns, as it stood before this refund.</summary>
    public PurchaseRecord? Purchase { get; init; }

    public static Decision Accept(params IReadOnlyList<LedgerEntry> entries) => new(entries, Refusal.None, "");

    public static Decision Refuse(Refusal refusal, string message) => new([], refusal, message);
}
