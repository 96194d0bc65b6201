using System.Net;
using System.Security.Cryptography.X509Certificates;
using RetentionActors.Tls;

namespace RetentionActors.Silo.Tests;

/// <summary>The silo's <c>certs</c> command: an authority and one certificate per silo and terminal, private files, idempotent.</summary>
public sealed class CertsCommandTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _root = Directory.CreateTempSubdirectory("retention-certs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are what keep the keys private here
    public async Task Makes_an_authority_and_a_certificate_per_silo_and_terminal_that_only_their_owner_can_read()
    {
        var folder = Path.Combine(_root, "certs");

        var run = await SiloProcess.RunCommandAsync("certs", "--out", folder, "--silo", "silo1", "--silo", "silo2", "--terminal", "till-1", "--dns", "retention.example", "--dns", "10.1.2.3");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["ca.crt", "ca.key", "silo1.password", "silo1.pfx", "silo2.password", "silo2.pfx", "till-1.password", "till-1.pfx"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.All(Directory.GetFiles(folder).Where(f => !f.EndsWith("ca.crt", StringComparison.Ordinal)), f => Assert.Equal(OwnerOnly, File.GetUnixFileMode(f)));

        var certs = new CertsFolder(folder);
        var authority = X509CertificateLoader.LoadCertificateFromFile(certs.Authority);
        Assert.True(authority.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        foreach (var (name, role) in new[] { ("silo1", "silo"), ("silo2", "silo"), ("till-1", "terminal") })
        {
            var (certificate, anchor) = certs.Load(name);
            Assert.True(CertificateTrust.IsTrusted(certificate, anchor), $"{name} should be signed by ca.crt");
            Assert.Equal(authority.Thumbprint, anchor.Thumbprint);
            Assert.Equal($"CN={name}, OU={role}, O=RetentionActors", certificate.Subject);
            Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
            var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            Assert.Equal([name, "retention.example", "localhost"], names.EnumerateDnsNames());
            Assert.Equal([IPAddress.Parse("10.1.2.3"), IPAddress.Loopback], names.EnumerateIPAddresses());
            Assert.DoesNotContain(await File.ReadAllTextAsync(certs.PasswordFile(name), TestContext.Current.CancellationToken), run.Output + run.Errors, StringComparison.Ordinal);
        }
        Assert.Contains("wrote ca.key", run.Output, StringComparison.Ordinal);
        Assert.Contains("wrote till-1.pfx: terminal till-1", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_again_keeps_every_file_and_adds_only_what_is_missing()
    {
        var folder = Path.Combine(_root, "certs");
        await CertsFolder.MakeAsync(folder, "--silo", "silo1", "--terminal", "till-1");
        var before = Snapshot(folder);

        var again = await SiloProcess.RunCommandAsync("certs", "--out", folder, "--silo", "silo1", "--terminal", "till-1", "--terminal", "till-2");

        Assert.Equal(0, again.ExitCode);
        Assert.All(before, file => Assert.Equal(file.Value, File.ReadAllBytes(file.Key)));
        Assert.Equal(before.Count + 2, Directory.GetFiles(folder).Length);
        Assert.Contains("kept  ca.crt, ca.key", again.Output, StringComparison.Ordinal);
        Assert.Contains("kept  silo1.pfx, silo1.password", again.Output, StringComparison.Ordinal);
        Assert.Contains("wrote till-2.pfx", again.Output, StringComparison.Ordinal);
        var (till2, anchor) = new CertsFolder(folder).Load("till-2");
        Assert.True(CertificateTrust.IsTrusted(till2, anchor));
    }

    [Fact]
    public async Task A_certificate_from_another_authority_is_reported_and_nothing_is_changed()
    {
        var folder = Path.Combine(_root, "certs");
        var other = Path.Combine(_root, "other");
        await CertsFolder.MakeAsync(folder, "--silo", "silo1");
        await CertsFolder.MakeAsync(other, "--terminal", "till-1");
        File.Copy(Path.Combine(other, "till-1.pfx"), Path.Combine(folder, "till-1.pfx"));
        File.Copy(Path.Combine(other, "till-1.password"), Path.Combine(folder, "till-1.password"));
        var before = Snapshot(folder);

        var run = await SiloProcess.RunCommandAsync("certs", "--out", folder, "--silo", "silo1", "--terminal", "till-1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("till-1.pfx was not signed by the authority in ca.crt: delete it", run.Errors, StringComparison.Ordinal);
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(folder).Order());
        Assert.All(before, file => Assert.Equal(file.Value, File.ReadAllBytes(file.Key)));
    }

    [Fact]
    public async Task An_authority_missing_its_key_is_reported_not_replaced()
    {
        var folder = Path.Combine(_root, "certs");
        await CertsFolder.MakeAsync(folder, "--silo", "silo1");
        File.Delete(Path.Combine(folder, "ca.key"));
        var before = Snapshot(folder);

        var run = await SiloProcess.RunCommandAsync("certs", "--out", folder, "--silo", "silo1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ca.crt is in", run.Errors, StringComparison.Ordinal);
        Assert.Contains("without ca.key", run.Errors, StringComparison.Ordinal);
        Assert.All(before, file => Assert.Equal(file.Value, File.ReadAllBytes(file.Key)));
        Assert.Equal(before.Count, Directory.GetFiles(folder).Length);
    }

    [Theory]
    [InlineData("--silo", "silo1")]
    [InlineData("--out", "{out}", "--silo", "../escape")]
    [InlineData("--out", "{out}", "--silo", "ca")]
    [InlineData("--out", "{out}", "--silo", "same", "--terminal", "same")]
    [InlineData("--out", "{out}", "--dns", "not a name")]
    [InlineData("--out", "{out}", "--password", "x")]
    [InlineData("--out")]
    public async Task Bad_arguments_are_refused_with_the_usage_and_write_nothing(params string[] args)
    {
        var folder = Path.Combine(_root, "certs");

        var run = await SiloProcess.RunCommandAsync(["certs", .. args.Select(a => a.Replace("{out}", folder, StringComparison.Ordinal))]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("usage: certs --out FOLDER", run.Errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => f, File.ReadAllBytes);
}
