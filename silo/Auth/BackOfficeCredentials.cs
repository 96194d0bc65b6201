using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Auth;

/// <summary>
/// Whether anyone can log in to the back office: a bootstrap token is set, or a named operator was ever
/// created. Until then the silo is a developer's, and its dashboard is open.
/// </summary>
public sealed class BackOfficeCredentials(BackOfficeTokens tokens, IOperatorStore operators)
{
    // Operators are disabled, never deleted: once one exists the answer stays yes, and is not asked again.
    private volatile bool _operatorsExist;

    public async ValueTask<bool> ExistAsync(CancellationToken cancellationToken = default)
    {
        if (tokens.AnyConfigured || _operatorsExist)
        {
            return true;
        }
        return _operatorsExist = await operators.AnyAsync(cancellationToken);
    }
}
