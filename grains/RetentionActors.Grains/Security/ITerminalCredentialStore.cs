namespace RetentionActors.Grains.Security;

/// <summary>Where terminal credentials are recorded: the cluster's database, shared by every silo.</summary>
public interface ITerminalCredentialStore
{
    Task AddAsync(TerminalCredential credential, CancellationToken cancellationToken = default);

    Task<TerminalCredential?> FindAsync(string credentialId, CancellationToken cancellationToken = default);

    /// <summary>Every credential, newest first.</summary>
    Task<IReadOnlyList<TerminalCredential>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Ids of credentials revoked at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<string>> RevokedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Revokes a credential; false when there is no such credential or it was revoked already.</summary>
    Task<bool> RevokeAsync(string credentialId, string revokedBy, DateTimeOffset at, CancellationToken cancellationToken = default);
}
