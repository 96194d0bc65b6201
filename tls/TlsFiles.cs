using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RetentionActors.Tls;

/// <summary>
/// The files behind a silo's or terminal's TLS: the PKCS#12 certificate, the password that opens it and
/// the certificate authority. The password comes from a file or the environment, never from the command
/// line, where every user of the machine can read it (<c>ps</c>) and shells keep it in their history.
/// </summary>
public static class TlsFiles
{
    /// <summary>The environment variable holding the certificate's password when no password file is given.</summary>
    public const string PasswordVariable = "RETENTION_TLS_PASSWORD";

    /// <summary>What to tell someone who put the password on the command line.</summary>
    public const string PasswordOnCommandLine =
        "--tls-password is not accepted: a password on the command line can be read by every user of the machine (ps) " +
        $"and stays in shell history. Give it in a file with --tls-password-file FILE, or in the environment variable {PasswordVariable}.";

    /// <summary>
    /// The password: the content of <paramref name="passwordFile"/> (without a final line break, as
    /// <c>echo</c> leaves one) when given, else <paramref name="fromEnvironment"/>, else none.
    /// </summary>
    public static string? ReadPassword(string? passwordFile, string? fromEnvironment)
    {
        if (string.IsNullOrEmpty(passwordFile))
        {
            return string.IsNullOrEmpty(fromEnvironment) ? null : fromEnvironment;
        }
        try
        {
            return File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TlsFileException($"Cannot read the TLS password file {passwordFile}: {e.Message}");
        }
    }

    /// <summary>
    /// The certificate (with its private key) and the anchor trusted for peers, as <see cref="CertificateTrust.Load"/>
    /// gives them, with every way the files can be wrong turned into a <see cref="TlsFileException"/>.
    /// </summary>
    public static (X509Certificate2 Certificate, X509Certificate2 Anchor) Load(string pfxPath, string? password, string? certificateAuthorityPath, TimeProvider time)
    {
        RequireReadable(pfxPath, "TLS certificate");
        if (!string.IsNullOrEmpty(certificateAuthorityPath))
        {
            RequireReadable(certificateAuthorityPath, "TLS certificate authority");
        }
        X509Certificate2 certificate;
        X509Certificate2 anchor;
        try
        {
            (certificate, anchor) = CertificateTrust.Load(pfxPath, password, certificateAuthorityPath);
        }
        catch (CryptographicException e)
        {
            throw new TlsFileException(
                $"Cannot open the TLS certificate {pfxPath}{(string.IsNullOrEmpty(certificateAuthorityPath) ? "" : $" or the authority {certificateAuthorityPath}")}: {e.Message} " +
                $"Check that it is a PKCS#12 (.pfx) file and that its password is given with --tls-password-file or {PasswordVariable}.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TlsFileException($"Cannot read the TLS files {pfxPath} / {certificateAuthorityPath}: {e.Message}");
        }
        if (!certificate.HasPrivateKey)
        {
            throw new TlsFileException($"The TLS certificate {pfxPath} holds no private key: export it with its key (PKCS#12).");
        }
        var now = time.GetUtcNow();
        foreach (var (file, which) in new[] { (pfxPath, certificate), (certificateAuthorityPath ?? pfxPath, anchor) })
        {
            if (now < which.NotBefore.ToUniversalTime() || now > which.NotAfter.ToUniversalTime())
            {
                throw new TlsFileException(
                    $"The certificate in {file} ({which.Subject}) is valid from {which.NotBefore.ToUniversalTime():u} to {which.NotAfter.ToUniversalTime():u}, not now: " +
                    "make a new one (the silo's certs command makes a file again once the old one is deleted).");
            }
        }
        return (certificate, anchor);
    }

    private static void RequireReadable(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new TlsFileException($"The {what} file {path} does not exist.");
        }
    }
}
