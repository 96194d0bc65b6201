namespace RetentionActors.Grains.Audit;

/// <summary>
/// What a back-office operator is about to do, put on the grain calls (and store writes) made for it: the change
/// that carries it out writes the audit row in its own transaction, so a change is never durable without its row.
/// <see cref="Id"/> names the intent: every write made for it inserts the same row, and the first one wins
/// (<c>ON CONFLICT (id) DO NOTHING</c>), so the row the back office writes afterwards for a call that changed
/// nothing (declined, replayed) never doubles it.
/// </summary>
/// <param name="Id">Time-ordered and unique across silos (UUIDv7).</param>
/// <param name="At">When the operator asked.</param>
/// <param name="Outcome">What the row says when the change happens (<c>done</c>, <c>revoked</c>…).</param>
[GenerateSerializer, Immutable, Alias("RetentionActors.Grains.Audit.AuditIntent")]
public sealed record AuditIntent(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Action,
    [property: Id(3)] string Target,
    [property: Id(4)] string? Detail,
    [property: Id(5)] string Outcome)
{
    /// <summary>
    /// Who acts, when the call is not (yet) made for a logged-in operator: the operator logging in. Otherwise the
    /// operator the back office put on the call (<see cref="Security.CallerContext.Operator"/>).
    /// </summary>
    [Id(6)]
    public string? Actor { get; init; }

    /// <summary>A new intent with a fresh id.</summary>
    public static AuditIntent New(DateTimeOffset at, string action, string target, string? detail, string outcome) =>
        new(NewId(), at, action, target, detail, outcome);

    /// <summary>A UUIDv7: ordered by time, and unique without any coordination between silos.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("D");

    /// <summary>The row this intent writes for <paramref name="actor"/>, saying <paramref name="outcome"/>.</summary>
    public AuditRecord Record(string actor, string? outcome = null) => new(Id, At, actor, Action, Target, Detail, outcome ?? Outcome);
}
