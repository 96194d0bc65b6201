using RetentionActors.Contracts;

namespace RetentionActors.Silo.Auth;

/// <summary>What an operator may be called: the name is what audit rows and ledger entries show.</summary>
public static class OperatorNames
{
    /// <summary>The login name as stored: trimmed, lower case.</summary>
    public static string Normalize(string? name) => (name ?? "").Trim().ToLowerInvariant();

    /// <summary>The names of the bootstrap tokens' identities, which no named operator may take.</summary>
    public static bool IsReserved(string name) => name is BackOfficeTokens.AdminRole or BackOfficeTokens.AnalystRole;

    /// <summary>Throws <see cref="InvalidRequestException"/> unless <paramref name="name"/> (normalized) may be a new operator's name.</summary>
    public static void RequireValid(string name)
    {
        if (name.Length is < 2 or > 64 || !char.IsAsciiLetterLower(name[0])
            || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'))
        {
            throw new InvalidRequestException("An operator's name is 2 to 64 characters: a letter, then letters, digits or . _ -.", "name");
        }
        if (IsReserved(name))
        {
            throw new InvalidRequestException($"'{name}' is the name of a bootstrap token's identity; choose another name.", "name");
        }
    }

    /// <summary>A name as given at a login, safe to write to a log: printable, and not too long.</summary>
    public static string ForLog(string name) =>
        name.Length == 0 ? "(bootstrap token)" : new string([.. name.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);
}
