namespace RetentionActors.Contracts.Offline;

/// <summary>
/// The answer to an <see cref="AllowanceRequest"/>: the signed allowance and the public key (SubjectPublicKeyInfo) that
/// checks it, or why there is none.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Offline.AllowanceGrant")]
public sealed record AllowanceGrant(
    [property: Id(0)] OfflineAllowance? Allowance,
    [property: Id(1)] byte[]? PublicKey,
    [property: Id(2)] Decline? Declined)
{
    public static AllowanceGrant Decline(DeclineReason reason, string message) => new(null, null, new Decline(reason, message));
}
