using RetentionActors.Contracts.Security;

namespace RetentionActors.Grains.Security;

/// <summary>
/// A credential issued to one store's terminal with one role. The secret token that proves it is handed
/// out once and never stored; this record is what every silo checks the token against.
/// </summary>
public sealed record TerminalCredential(
    string Id, string StoreId, string TerminalId, TerminalRole Role, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string IssuedBy)
{
    public DateTimeOffset? RevokedAt { get; init; }

    public string? RevokedBy { get; init; }

    /// <summary>How people and logs name the terminal: <c>store-1/till-1 (till)</c>.</summary>
    public string Describe() => $"{StoreId}/{TerminalId} ({Role.ToString().ToLowerInvariant()})";
}
