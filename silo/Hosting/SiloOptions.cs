using RetentionActors.Grains;

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
        ["--grain-idle-minutes"] = $"{Section}:{nameof(GrainIdleMinutes)}",
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

    /// <summary>
    /// Minutes an activation (a customer, a card, …) may go without a call before the silo deactivates it and gives
    /// its memory back; the next call loads it again. Orleans looks at each activation once per age, so an idle one goes
    /// between one and two ages after its last call. Fractions are allowed (0.5 is 30 seconds), from 0.05 (3 seconds) to
    /// 1440 (a day). Default: 15, Orleans' own.
    /// </summary>
    public double GrainIdleMinutes { get; set; } = GrainIdleAge.Default.TotalMinutes;

    /// <summary><see cref="GrainIdleMinutes"/> as a span.</summary>
    /// <exception cref="SiloStartupException">It is outside what the silo takes.</exception>
    public TimeSpan GrainIdleAgeSpan()
    {
        var minimum = GrainIdleAge.Minimum.TotalMinutes;
        var maximum = GrainIdleAge.Maximum.TotalMinutes;
        if (!double.IsFinite(GrainIdleMinutes) || GrainIdleMinutes < minimum || GrainIdleMinutes > maximum)
        {
            throw new SiloStartupException(FormattableString.Invariant(
                $"--grain-idle-minutes {GrainIdleMinutes}: give the minutes an idle grain stays active, from {minimum:0.##} (3 seconds) to {maximum:0} (a day); the default is {GrainIdleAge.Default.TotalMinutes:0}."));
        }
        return TimeSpan.FromMinutes(GrainIdleMinutes);
    }

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
