using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.DeadLetters;

/// <summary>
/// The sales one till kept because the silo refused them (declined, malformed, a wrong till clock, or failing again
/// and again), keyed by <see cref="DeadLetterKeys.ForTill"/> (<c>store/till</c>). The till reports each one and asks which the back
/// office has resolved; it deletes its own copy only then. The back office books a corrected sale through the card
/// grain, under the sale's own receipt identity so it is never booked twice, or dismisses it with a reason.
/// </summary>
[Alias("RetentionActors.Contracts.DeadLetters.IDeadLetterGrain")]
public interface IDeadLetterGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records a sale the till keeps as a dead letter (again: the first report wins, later ones refresh an open letter's
    /// reason) and answers how it stands now. Only for this grain's own store and till.
    /// </summary>
    [Alias("ReportAsync")]
    [AllowTerminals(TerminalRole.Till)]
    Task<DeadLetterResolution> ReportAsync(DeadLetterReport report);

    /// <summary>Which of the till's dead letters the back office has resolved (booked or dismissed); open and unknown ones are left out.</summary>
    [Alias("ResolutionsAsync")]
    [AllowTerminals(TerminalRole.Till)]
    Task<IReadOnlyList<DeadLetterResolution>> ResolutionsAsync(TillDeadLetterQuery query);

    /// <summary>One dead letter of this till, or null.</summary>
    [Alias("GetAsync")]
    Task<DeadLetter?> GetAsync(DateOnly businessDay, string receiptId);

    /// <summary>
    /// Books the sale, corrected as the operator says, through its card as the back office. The receipt identity
    /// (store, till, business day, number) stays the sale's own: retrying again, or after a lost answer, books once.
    /// A correction is fixed once booking starts; a decline reopens the letter with the new reason.
    /// </summary>
    [Alias("RetryAsync")]
    Task<DeadLetterResult> RetryAsync(DeadLetterCorrection correction);

    /// <summary>Closes an open dead letter without booking it, with the operator's reason; the till then deletes its copy.</summary>
    [Alias("DismissAsync")]
    Task<DeadLetterResult> DismissAsync(DeadLetterDismissal dismissal);
}
