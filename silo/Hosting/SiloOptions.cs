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
        ["--tls-password"] = $"{Section}:{nameof(TlsPassword)}",
        ["--tls-ca"] = $"{Section}:{nameof(TlsCertificateAuthority)}",
    };

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
    /// and ledger in that database, shared by every silo. Default: none (embedded SQLite, one silo).
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>
    /// The address other silos and terminals reach this silo at, in cluster mode; <c>auto</c> takes this
    /// host's first IPv4 address (what a container wants). Default: 127.0.0.1.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// A PKCS#12 (.pfx) file with this silo's certificate and private key: silo–silo and terminal
    /// connections then use mutual TLS, and a terminal without a trusted certificate is refused.
    /// Default: none (plain TCP, for a single machine or a closed network).
    /// </summary>
    public string? TlsCertificate { get; set; }

    /// <summary>Password of <see cref="TlsCertificate"/>. Default: none.</summary>
    public string? TlsPassword { get; set; }

    /// <summary>
    /// A certificate authority (PEM or DER file) whose certificates are trusted. Default: none — only
    /// peers presenting the silo's own certificate are trusted.
    /// </summary>
    public string? TlsCertificateAuthority { get; set; }

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

    /// <summary>Lets <c>--demo</c> stand alone on the command line, as flags do.</summary>
    public static string[] NormalizeFlags(string[] args) =>
        [.. args.Select((arg, i) => arg == "--demo" && (i + 1 == args.Length || args[i + 1].StartsWith('-')) ? "--demo=true" : arg)];
}
