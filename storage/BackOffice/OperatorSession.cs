namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// A back-office session, known by the SHA-256 of its id (the id itself is only ever in the operator's hands).
/// <see cref="Bootstrap"/> sessions were opened with an environment token and belong to no operator row.
/// </summary>
public sealed record OperatorSession(
    string SessionHash, string OperatorName, OperatorRole Role, bool Bootstrap, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>When a named operator's session is looked up: when that operator was disabled, if it was.</summary>
    public DateTimeOffset? OperatorDisabledAt { get; init; }
}
