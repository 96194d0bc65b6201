using RetentionActors.Contracts.Ledger;

namespace RetentionActors.Contracts.DeadLetters;

/// <summary>What a retry or dismissal did: the outcome, the letter as it now stands, the silo's answer to a booking, and a message for people.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.DeadLetters.DeadLetterResult")]
public sealed record DeadLetterResult(
    [property: Id(0)] DeadLetterOutcome Outcome,
    [property: Id(1)] DeadLetter? Letter,
    [property: Id(2)] AccrualResult? Accrual,
    [property: Id(3)] string Message);
