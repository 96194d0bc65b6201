using RetentionActors.Contracts.Security;
using RetentionActors.Grains.Security;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// Zero configuration on one machine: the embedded silo keeps a till and a kiosk credential for this machine
/// in its data folder (readable by its user only), and a terminal started by the same user finds them there.
/// Any other client, even on loopback, has no credential and is refused.
/// </summary>
public sealed partial class LocalTerminalCredentials(
    SiloOptions options, TerminalCredentialRegistry registry, TerminalCredentialIssuer issuer, TimeProvider clock, ILogger<LocalTerminalCredentials> logger)
    : IHostedService
{
    public const string StoreId = "store-1";

    /// <summary>The credential files, by role: <c>local-till.credential</c> (store-1/till-1) and <c>local-kiosk.credential</c> (store-1/kiosk-1).</summary>
    public static readonly IReadOnlyList<(TerminalRole Role, string TerminalId, string FileName)> Files =
    [
        (TerminalRole.Till, "till-1", "local-till.credential"),
        (TerminalRole.Kiosk, "kiosk-1", "local-kiosk.credential"),
    ];

    private const int ValidDays = 3650;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.DataFolder);
        foreach (var (role, terminalId, fileName) in Files)
        {
            var path = Path.Combine(options.DataFolder, fileName);
            if (await IsUsableAsync(path))
            {
                continue;
            }
            var (credential, token) = await issuer.IssueAsync(StoreId, terminalId, role, ValidDays, "embedded silo", cancellationToken);
            await File.WriteAllTextAsync(path, token + "\n", cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            LogIssued(logger, credential.Describe(), path);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // A file left by an earlier start is kept while this database still honours it for a while longer.
    private async Task<bool> IsUsableAsync(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        try
        {
            var credential = await registry.VerifyAsync((await File.ReadAllTextAsync(path)).Trim());
            return credential.ExpiresAt > clock.GetUtcNow().AddDays(30);
        }
        catch (CallRefusedException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued the local terminal credential for {Terminal} into {Path}")]
    private static partial void LogIssued(ILogger logger, string terminal, string path);
}
