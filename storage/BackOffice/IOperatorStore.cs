namespace RetentionActors.Storage.BackOffice;

/// <summary>Named back-office operators and their sessions, in the cluster's database, shared by every silo.</summary>
public interface IOperatorStore
{
    /// <summary>Records a new operator with the hash of its secret; false when the name is taken.</summary>
    Task<bool> AddAsync(BackOfficeOperator newOperator, string secretHash, CancellationToken cancellationToken = default);

    Task<BackOfficeOperator?> FindAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The operator with the hash of its secret, to check a login against; null when there is no such operator.</summary>
    Task<(BackOfficeOperator Operator, string SecretHash)?> FindForLoginAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every operator, by name.</summary>
    Task<IReadOnlyList<BackOfficeOperator>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether any operator was ever created (disabled ones count).</summary>
    Task<bool> AnyAsync(CancellationToken cancellationToken = default);

    /// <summary>Disables an operator and revokes its sessions in one transaction; false when there is no such enabled operator.</summary>
    Task<bool> DisableAsync(string name, string disabledBy, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task AddSessionAsync(OperatorSession session, CancellationToken cancellationToken = default);

    /// <summary>
    /// The session with this hash, with its operator's current role and disabled time; null when there is no
    /// such session, or its named operator does not exist.
    /// </summary>
    Task<OperatorSession?> FindSessionAsync(string sessionHash, CancellationToken cancellationToken = default);

    /// <summary>Revokes a session; false when there is no such session or it was revoked already.</summary>
    Task<bool> RevokeSessionAsync(string sessionHash, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Forgets sessions that expired before <paramref name="before"/>.</summary>
    Task DeleteSessionsExpiredBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
