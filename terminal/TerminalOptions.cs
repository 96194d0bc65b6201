using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RetentionActors.Terminal;

/// <summary>The command line: <c>--reader</c>, <c>--mode</c>, <c>--json</c>, <c>--silo</c>, <c>--store</c>, <c>--terminal</c> and friends.</summary>
public sealed record TerminalOptions
{
    public const string Usage = """
        usage: terminal <card id>...   look cards up and exit, e.g. nfc:04A1B2C3D4E5F6
               terminal [--reader keyboard|serial:<port>[@baud]|pn532:<port>|pcsc[:<reader name>]]
                        [--mode cashier|kiosk] [--json] [--silo host:port]... [--store ID] [--terminal ID]
                        [--credential FILE] [--outbox FILE] [--card-range PREFIX]... [--timeout SECONDS] [--ndef] [--verbose]
                        [--tls-cert FILE.pfx [--tls-password-file FILE] [--tls-ca CA.crt]]
        The certificate's password is read from --tls-password-file or RETENTION_TLS_PASSWORD, never from the command line.
        """;

    public string Reader { get; init; } = "keyboard";
    public string Mode { get; init; } = "cashier";
    public bool Json { get; init; }
    public IReadOnlyList<string> Silos { get; init; } = ["localhost:30000"];
    public string StoreId { get; init; } = "store-1";
    public string TerminalId { get; init; } = "till-1";

    /// <summary>Whether <c>--store</c> / <c>--terminal</c> were given; if not, they come from the credential.</summary>
    public bool StoreGiven { get; init; }
    public bool TerminalGiven { get; init; }

    /// <summary>
    /// The file holding this terminal's credential (<c>--credential</c>). Default: <c>RETENTION_CREDENTIAL</c>,
    /// else the local credential an embedded silo on this machine keeps in its data folder.
    /// </summary>
    public string? CredentialPath { get; init; }

    /// <summary>Where an embedded silo run by this user keeps the local credential for this mode.</summary>
    public string LocalCredentialPath => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "RetentionActors",
        Mode == "kiosk" && !Json ? "local-kiosk.credential" : "local-till.credential");
    public string? OutboxPath { get; init; }
    public IReadOnlyList<string> CardRanges { get; init; } = [];
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
    public bool Verbose { get; init; }

    /// <summary>
    /// TLS to the gateways: this terminal's certificate (.pfx), a file holding its password (else
    /// <c>RETENTION_TLS_PASSWORD</c>), and the authority it trusts (else the certificate itself).
    /// </summary>
    public string? TlsCertificate { get; init; }
    public string? TlsPasswordFile { get; init; }
    public string? TlsCertificateAuthority { get; init; }

    /// <summary>PN532: read an NDEF member number from the card, falling back to its UID.</summary>
    public bool ReadNdef { get; init; }

    /// <summary>Card ids given as plain arguments: look them up, print, exit (the first terminal's behaviour).</summary>
    public IReadOnlyList<string> LookUp { get; init; } = [];

    /// <summary>The outbox file: <c>--outbox</c>, or one per store and till under the user's local data folder.</summary>
    public string ResolvedOutboxPath => OutboxPath ?? Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "retention-terminal", $"outbox-{StoreId}-{TerminalId}.db");

    public static bool TryParse(IReadOnlyList<string> args, out TerminalOptions options, out string error)
    {
        options = new TerminalOptions();
        var silos = new List<string>();
        var ranges = new List<string>();
        var lookUp = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--json")
            {
                options = options with { Json = true };
                continue;
            }
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                if (!Contracts.Cards.CardId.TryParse(name, out var card, out error))
                {
                    return false;
                }
                lookUp.Add(card.ToString());
                continue;
            }
            if (name == "--ndef")
            {
                options = options with { ReadNdef = true };
                continue;
            }
            if (name == "--verbose")
            {
                options = options with { Verbose = true };
                continue;
            }
            if (name == "--tls-password" || name.StartsWith("--tls-password=", StringComparison.Ordinal))
            {
                // Refused before its value is read, so the password is not echoed in the error either.
                error = RetentionActors.Tls.TlsFiles.PasswordOnCommandLine;
                return false;
            }
            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value (or is unknown).";
                return false;
            }
            var value = args[++i];
            switch (name)
            {
                case "--reader": options = options with { Reader = value }; break;
                case "--mode" when value is "cashier" or "kiosk": options = options with { Mode = value }; break;
                case "--silo": silos.Add(value); break;
                case "--gateway-port": silos.Add($"localhost:{value}"); break;
                case "--store": options = options with { StoreId = value, StoreGiven = true }; break;
                case "--terminal": options = options with { TerminalId = value, TerminalGiven = true }; break;
                case "--credential": options = options with { CredentialPath = value }; break;
                case "--outbox": options = options with { OutboxPath = value }; break;
                case "--card-range": ranges.Add(value); break;
                case "--tls-cert": options = options with { TlsCertificate = value }; break;
                case "--tls-password-file": options = options with { TlsPasswordFile = value }; break;
                case "--tls-ca": options = options with { TlsCertificateAuthority = value }; break;
                case "--timeout" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
                    break;
                default:
                    error = $"Unknown option or value: {name} {value}";
                    return false;
            }
        }
        if (silos.Count > 0)
        {
            options = options with { Silos = silos };
        }
        options = options with { CardRanges = ranges, LookUp = lookUp };
        error = "";
        return true;
    }

    /// <summary>
    /// Takes store and till from the credential when they were not given, and refuses a credential issued to
    /// another store or till than the ones given: the silo would refuse every sale rung up under them.
    /// </summary>
    public bool TryAdopt(Checkout.TerminalCredential? credential, out TerminalOptions adopted, out string error)
    {
        adopted = this;
        error = "";
        if (credential is null)
        {
            return true;
        }
        if ((StoreGiven && credential.StoreId is { } store && store != StoreId) || (TerminalGiven && credential.TerminalId is { } till && till != TerminalId))
        {
            error = $"The credential in {credential.Source} is for {credential.StoreId}/{credential.TerminalId}, not {StoreId}/{TerminalId}: "
                + "drop --store/--terminal, or use that terminal's own credential.";
            return false;
        }
        adopted = this with { StoreId = credential.StoreId ?? StoreId, TerminalId = credential.TerminalId ?? TerminalId };
        return true;
    }

    /// <summary>What is wrong with a <c>--silo</c> value that is not <c>host:port</c>; null when it is (the host is resolved later).</summary>
    public static string? GatewayProblem(string silo)
    {
        var colon = silo.LastIndexOf(':');
        return colon > 0 && int.TryParse(silo[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : $"--silo {silo}: expected host:port";
    }

    /// <summary>Resolves <c>host:port</c> gateway addresses (IPv4 first).</summary>
    public static IReadOnlyList<IPEndPoint> ResolveGateways(IEnumerable<string> silos)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var silo in silos)
        {
            if (GatewayProblem(silo) is { } problem)
            {
                throw new FormatException(problem);
            }
            var colon = silo.LastIndexOf(':');
            var port = int.Parse(silo[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
            var host = silo[..colon];
            var address = IPAddress.TryParse(host, out var ip)
                ? ip
                : Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).First();
            endpoints.Add(new IPEndPoint(address, port));
        }
        return endpoints;
    }
}
