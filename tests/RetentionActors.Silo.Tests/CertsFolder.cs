using System.Security.Cryptography.X509Certificates;
using RetentionActors.Tls;

namespace RetentionActors.Silo.Tests;

/// <summary>A folder the silo's <c>certs</c> command wrote, and the options that hand its files to a silo or a client.</summary>
public sealed record CertsFolder(string Path)
{
    /// <summary>Runs <c>certs --out</c> <paramref name="path"/> with <paramref name="holders"/> (<c>--silo a</c>, <c>--terminal t</c>…), which must succeed.</summary>
    public static async Task<CertsFolder> MakeAsync(string path, params string[] holders)
    {
        var run = await SiloProcess.RunCommandAsync(["certs", "--out", path, .. holders]);
        Assert.True(run.ExitCode == 0, $"certs failed ({run.ExitCode}):\n{run.Output}\n{run.Errors}");
        return new CertsFolder(path);
    }

    public string Authority => File("ca.crt");

    public string Pfx(string name) => File($"{name}.pfx");

    public string PasswordFile(string name) => File($"{name}.password");

    /// <summary>The silo options that give <paramref name="name"/>'s certificate, its password file and the authority.</summary>
    public string[] SiloArgs(string name) => ["--tls-cert", Pfx(name), "--tls-password-file", PasswordFile(name), "--tls-ca", Authority];

    /// <summary><paramref name="name"/>'s certificate with its key, and the authority, as a terminal loads them.</summary>
    public (X509Certificate2 Certificate, X509Certificate2 Anchor) Load(string name) =>
        TlsFiles.Load(Pfx(name), TlsFiles.ReadPassword(PasswordFile(name), null), Authority, TimeProvider.System);

    private string File(string name) => System.IO.Path.Combine(Path, name);
}
