using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using RetentionActors.Tls;

namespace RetentionActors.Silo.Commands;

/// <summary>
/// <c>certs --out FOLDER [--silo NAME]... [--terminal NAME]... [--dns NAME]...</c>: a certificate authority
/// (<c>ca.crt</c>, and <c>ca.key</c> readable by its owner only) and, signed by it, one PKCS#12 file per silo
/// and terminal with a random password in a file next to it. Files already there are kept, so running it
/// again (a second <c>docker compose up</c>) keeps the cluster's authority and adds only what is missing.
/// Passwords are never printed.
/// </summary>
public static partial class CertsCommand
{
    public const string Usage = "usage: certs --out FOLDER [--silo NAME]... [--terminal NAME]... [--dns NAME]...";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error) => Run(args, output, error, TimeProvider.System);

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider time)
    {
        if (!TryParse(args, out var request, out var problem))
        {
            error.WriteLine($"{problem}\n{Usage}");
            return 2;
        }
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(request.Folder);
            }
            else
            {
                Directory.CreateDirectory(request.Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            output.WriteLine($"Certificates in {Path.GetFullPath(request.Folder)}:");
            using var authority = Authority(request.Folder, output, time);
            foreach (var (name, role) in request.Holders)
            {
                Certificate(request.Folder, authority, name, role, request.DnsNames, output, time);
            }
            output.WriteLine("Give each silo and terminal its NAME.pfx with --tls-cert, its NAME.password with --tls-password-file, and ca.crt with --tls-ca.");
            return 0;
        }
        catch (CertsException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"Cannot write the certificates in {request.Folder}: {e.Message}");
            return 1;
        }
    }

    private sealed record Request(string Folder, IReadOnlyList<(string Name, string Role)> Holders, IReadOnlyList<string> DnsNames);

    private static bool TryParse(IReadOnlyList<string> args, out Request request, out string problem)
    {
        request = new Request("", [], []);
        string? folder = null;
        var holders = new List<(string Name, string Role)>();
        var dnsNames = new List<string>();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                problem = $"{args[i]} needs a value (or is unknown).";
                return false;
            }
            var value = args[i + 1];
            switch (args[i])
            {
                case "--out": folder = value; break;
                case "--silo" or "--terminal" when FileName().IsMatch(value) && value != "ca":
                    if (holders.Any(h => h.Name.Equals(value, StringComparison.OrdinalIgnoreCase)))
                    {
                        problem = $"{value} is named twice: every silo and terminal needs a name of its own.";
                        return false;
                    }
                    holders.Add((value, args[i][2..]));
                    break;
                case "--silo" or "--terminal":
                    problem = $"{args[i]} {value}: a name is letters, digits, '.', '-' and '_' (not 'ca'), as it names the files.";
                    return false;
                case "--dns" when Uri.CheckHostName(value) != UriHostNameType.Unknown: dnsNames.Add(value); break;
                default:
                    problem = $"Unknown option or value: {args[i]} {value}";
                    return false;
            }
        }
        if (string.IsNullOrEmpty(folder))
        {
            problem = "certs needs --out FOLDER.";
            return false;
        }
        request = new Request(folder, holders, dnsNames);
        problem = "";
        return true;
    }

    private static CertificateAuthority Authority(string folder, TextWriter output, TimeProvider time)
    {
        var (certificatePath, keyPath) = (Path.Combine(folder, "ca.crt"), Path.Combine(folder, "ca.key"));
        var (haveCertificate, haveKey) = (File.Exists(certificatePath), File.Exists(keyPath));
        if (haveCertificate && haveKey)
        {
            var kept = CertificateAuthority.Load(certificatePath, keyPath);
            if (kept.Certificate.NotAfter.ToUniversalTime() < time.GetUtcNow())
            {
                throw new CertsException($"The authority in {certificatePath} expired on {kept.Certificate.NotAfter.ToUniversalTime():u}: delete the folder's files to make a new authority and new certificates.");
            }
            output.WriteLine($"  kept  ca.crt, ca.key: {kept.Name}, valid until {kept.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}");
            WarnIfOpen(keyPath, output);
            return kept;
        }
        if (haveCertificate || haveKey)
        {
            throw new CertsException(
                $"{(haveCertificate ? "ca.crt" : "ca.key")} is in {folder} without {(haveCertificate ? "ca.key" : "ca.crt")}: restore the missing file, " +
                "or delete the folder's files to start a new authority (every silo and terminal then needs its new certificate).");
        }
        if (Directory.EnumerateFiles(folder, "*.pfx").FirstOrDefault() is { } orphan)
        {
            throw new CertsException($"{orphan} is in {folder} but its authority (ca.crt, ca.key) is not: delete the .pfx and .password files to start anew.");
        }
        var created = CertificateAuthority.Create(time);
        // The key first: a run stopped in between leaves ca.key alone, which the next run reports.
        PrivateFile.Create(keyPath, Encoding.ASCII.GetBytes(created.ExportKeyPem()));
        PrivateFile.Create(certificatePath, Encoding.ASCII.GetBytes(created.Certificate.ExportCertificatePem()),
            PrivateFile.OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        output.WriteLine($"  wrote ca.crt: the authority {created.Name}, valid until {created.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}; every silo and terminal trusts it (--tls-ca)");
        output.WriteLine("  wrote ca.key: its private key (0600), which signs new certificates; give it to no one");
        return created;
    }

    private static void Certificate(string folder, CertificateAuthority authority, string name, string role, IReadOnlyList<string> dnsNames, TextWriter output, TimeProvider time)
    {
        var (pfxPath, passwordPath) = (Path.Combine(folder, $"{name}.pfx"), Path.Combine(folder, $"{name}.password"));
        var (havePfx, havePassword) = (File.Exists(pfxPath), File.Exists(passwordPath));
        if (havePfx && !havePassword)
        {
            throw new CertsException($"{pfxPath} is there without {name}.password: restore the password file, or delete {name}.pfx to make a new certificate.");
        }
        if (havePfx)
        {
            Keep(pfxPath, passwordPath, authority, time);
            output.WriteLine($"  kept  {name}.pfx, {name}.password");
            WarnIfOpen(passwordPath, output);
            return;
        }
        string password;
        if (havePassword)
        {
            password = TlsFiles.ReadPassword(passwordPath, null) ?? "";
        }
        else
        {
            password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            PrivateFile.Create(passwordPath, Encoding.ASCII.GetBytes(password));
        }
        using var issued = authority.Issue(name, role, dnsNames, time);
        PrivateFile.Create(pfxPath, issued.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        var alternativeNames = string.Join(", ", new[] { name }.Concat(dnsNames).Append("localhost").Append("127.0.0.1").Distinct(StringComparer.OrdinalIgnoreCase));
        output.WriteLine($"  wrote {name}.pfx: {role} {name} ({alternativeNames}), valid until {issued.NotAfter.ToUniversalTime():yyyy-MM-dd}, signed by ca.crt");
        output.WriteLine($"  {(havePassword ? "kept " : "wrote")} {name}.password: its password (0600)");
    }

    // A certificate kept from an earlier run must still open with its password and belong to this authority,
    // or the cluster would fail later with a TLS error that names neither file.
    private static void Keep(string pfxPath, string passwordPath, CertificateAuthority authority, TimeProvider time)
    {
        X509Certificate2 kept;
        try
        {
            (kept, _) = TlsFiles.Load(pfxPath, TlsFiles.ReadPassword(passwordPath, null), null, time);
        }
        catch (TlsFileException e)
        {
            throw new CertsException($"{e.Message} Delete {Path.GetFileName(pfxPath)} (and its .password) to make a new one.");
        }
        using (kept)
        {
            if (!CertificateTrust.IsTrusted(kept, authority.Certificate))
            {
                throw new CertsException($"{pfxPath} was not signed by the authority in ca.crt: delete it (and its .password) to make a new one.");
            }
        }
    }

    private static void WarnIfOpen(string path, TextWriter output)
    {
        if (PrivateFile.IsOpenToOthers(path))
        {
            output.WriteLine($"  warning: {path} can be read by others: chmod 600 {path}");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex FileName();

    private sealed class CertsException(string message) : Exception(message);
}
