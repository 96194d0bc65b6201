namespace RetentionActors.Terminal.Checkout;

/// <summary>
/// An operation queued earlier was sent in the background (a sale from the outbox, or a redemption made offline):
/// what the silo answered to it, accepted or not.
/// </summary>
public sealed record ReplayedAnswer(DeskAnswer Sent, bool Offline) : DeskAnswer
{
    public override string Event => AnswerEvents.Replayed;

    public bool Accepted => !Sent.IsDeclined;

    public override bool IsDeclined => !Accepted;
}

/// <summary>The card reader came up or went away.</summary>
public sealed record ReaderAnswer(bool Ready, string? Message) : DeskAnswer
{
    public override string Event => AnswerEvents.Reader;
}

/// <summary>The terminal's connection to the cluster came up or went away.</summary>
public sealed record SiloAnswer(bool Connected) : DeskAnswer
{
    public override string Event => AnswerEvents.Silo;
}

/// <summary>How many sales this till keeps as dead letters, and on request the letters themselves.</summary>
public sealed record DeadLettersAnswer(int Count, IReadOnlyList<DeadLetterView>? Letters) : DeskAnswer
{
    public override string Event => AnswerEvents.DeadLetters;
}
