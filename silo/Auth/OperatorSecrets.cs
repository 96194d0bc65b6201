using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RetentionActors.Silo.Auth;

/// <summary>
/// Operator secrets and session ids: generated here from the system's cryptographic random source, never
/// chosen by people. A secret is kept only as a salted PBKDF2-SHA256 hash, slow on purpose, so a copy of
/// the database does not hand out the secrets; a session id (random, 256 bits) is kept as its SHA-256,
/// which is enough for a value nobody can guess.
/// </summary>
public static class OperatorSecrets
{
    /// <summary>PBKDF2-HMAC-SHA256 rounds for new hashes (OWASP's 2023 figure). Stored with each hash, so raising it later keeps old hashes working.</summary>
    public const int Iterations = 600_000;

    /// <summary>The longest secret or token a login takes: longer input is refused before any hashing.</summary>
    public const int MaxLength = 256;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // What a login for an unknown name is checked against, so it costs as long as one for a real name.
    private static readonly string s_decoy = Hash(NewSecret());

    /// <summary>A new operator secret: 32 random bytes as 43 URL-safe characters.</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new session id: 32 random bytes as 43 URL-safe characters.</summary>
    public static string NewSessionId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>What the database keeps of a session id.</summary>
    public static string HashSessionId(string sessionId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)));

    /// <summary><c>pbkdf2-sha256$iterations$salt$hash</c>, salt and hash in base64.</summary>
    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether <paramref name="secret"/> is the one <paramref name="stored"/> was made from; compared in fixed time.</summary>
    public static bool Verify(string secret, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || secret.Length > MaxLength
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }
        byte[] salt, expected;
        try
        {
            (salt, expected) = (Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]));
        }
        catch (FormatException)
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the time of a real check and answers no: for logins under names that do not exist.</summary>
    public static bool VerifyDecoy(string secret)
    {
        Verify(secret, s_decoy);
        return false;
    }
}
