namespace RetentionActors.Silo.Hosting;

/// <summary>How the silo runs. Bound from the <c>Silo</c> configuration section, environment (<c>Silo__DataFolder</c>) or the command line.</summary>
public sealed class SiloOptions
{
    public const string Section = "Silo";

    /// <summary>Command-line switches and the settings they set.</summary>
    public static readonly Dictionary<string, string> Switches = new()
    {
        ["--data"] = $"{Section}:{nameof(DataFolder)}",
        ["--silo-port"] = $"{Section}:{nameof(SiloPort)}",
        ["--gateway-port"] = $"{Section}:{nameof(GatewayPort)}",
        ["--http-port"] = $"{Section}:{nameof(HttpPort)}",
        ["--demo"] = $"{Section}:{nameof(Demo)}",
        ["--postgres"] = $"{Section}:{nameof(Postgres)}",
        ["--advertise"] = $"{Section}:{nameof(AdvertisedAddress)}",
        ["--tls-cert"] = $"{Section}:{nameof(TlsCertificate)}",
        ["--tls-password-file"] = $"{Section}:{nameof(TlsPasswordFile)}",
        ["--tls-ca"] = $"{Section}:{nameof(TlsCertificateAuthority)}",
        ["--insecure-transport"] = $"{Section}:{nameof(InsecureTransport)}",
    };

    /// <summary>Switches that stand alone on the command line (<c>--demo</c>, not <c>--demo true</c>).</summary>
    private static readonly string[] Flags = ["--demo", "--insecure-transport"];

    /// <summary>Where the embedded database lives. Default: <c>RetentionActors</c> in the user's local application data folder.</summary>
    public string DataFolder { get; set; } = DefaultDataFolder();

    /// <summary>Port for silo-to-silo traffic. Default: 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port terminals connect to. Default: 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Port of the dashboard and back office. Default: 8080.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Seed a demo program, customers and cards at start. Default: false.</summary>
    public bool Demo { get; set; }

    /// <summary>
    /// A PostgreSQL connection string: cluster mode, with membership, grain state, reminders, customers
    /// and ledger in that database, shared by every silo. It usually holds a password, so it is best given
    /// in the environment (<c>Silo__Postgres</c>) rather than with <c>--postgres</c>; it is never printed or
    /// logged. Default: none (embedded SQLite, one silo).
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>
    /// The address other silos and terminals reach this silo at, in cluster mode; <c>auto</c> takes this
    /// host's first IPv4 address (what a container wants). On a loopback address the silo listens on
    /// loopback only; on any other it listens on every address and needs <see cref="TlsCertificate"/>
    /// (or <see cref="InsecureTransport"/>). Default: 127.0.0.1.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// A PKCS#12 (.pfx) file with this silo's certificate and private key: silo–silo and terminal
    /// connections then use mutual TLS, and a terminal without a trusted certificate is refused.
    /// Default: none (plain TCP, allowed on loopback only, or with <see cref="InsecureTransport"/>).
    /// </summary>
    public string? TlsCertificate { get; set; }

    /// <summary>
    /// Password of <see cref="TlsCertificate"/>, from configuration or the environment (<c>Silo__TlsPassword</c>),
    /// never from the command line. <see cref="TlsPasswordFile"/> wins over it, and it over
    /// <c>RETENTION_TLS_PASSWORD</c>. Default: none.
    /// </summary>
    public string? TlsPassword { get; set; }

    /// <summary>A file holding the password of <see cref="TlsCertificate"/> (a final line break is ignored). Default: none.</summary>
    public string? TlsPasswordFile { get; set; }

    /// <summary>
    /// A certificate authority (PEM or DER file) whose certificates are trusted. Default: none — only
    /// peers presenting the silo's own certificate are trusted.
    /// </summary>
    public string? TlsCertificateAuthority { get; set; }

    /// <summary>
    /// Lets a silo reachable beyond this machine (<see cref="AdvertisedAddress"/> not loopback) run
    /// without TLS, for a closed network; every start then warns. Default: false (such a silo refuses to start).
    /// </summary>
    public bool InsecureTransport { get; set; }

    public bool IsCluster => !string.IsNullOrWhiteSpace(Postgres);

    // The user's local data folder even where it does not exist yet (a fresh container or user): never the
    // current directory, which under `dotnet run` is the source tree. The folder is created when the database opens.
    private static string DefaultDataFolder() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "RetentionActors");

    /// <summary>The options from the environment (<c>Silo__…</c>) and the command line, as the silo reads them.</summary>
    public static SiloOptions Read(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(NormalizeFlags(args), Switches).Build();
        var options = configuration.GetSection(Section).Get<SiloOptions>() ?? new SiloOptions();
        options.DataFolder = Path.GetFullPath(options.DataFolder);
        return options;
    }

    /// <summary>Lets <c>--demo</c> and <c>--insecure-transport</c> stand alone on the command line, as flags do.</summary>
    public static string[] NormalizeFlags(string[] args) =>
        [.. args.Select((arg, i) => Flags.Contains(arg) && (i + 1 == args.Length || args[i + 1].StartsWith('-')) ? $"{arg}=true" : arg)];
}
