using System.Net;
using System.Net.Sockets;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using RetentionActors.Contracts.Security;
using RetentionActors.Grains;
using RetentionActors.Storage.Hosting;

namespace RetentionActors.Silo.Hosting;

public static class RetentionSiloExtensions
{
    public const string ClusterId = "retention";

    /// <summary>
    /// The silo, in one of two modes chosen by <see cref="SiloOptions.Postgres"/>: embedded (one silo,
    /// localhost clustering, SQLite in the data folder) or cluster (several silos sharing PostgreSQL).
    /// Both serve the dashboard.
    /// </summary>
    public static SiloOptions AddRetentionSilo(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(SiloOptions.NormalizeFlags(args), SiloOptions.Switches);
        var options = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        options.DataFolder = Path.GetFullPath(options.DataFolder);

        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls($"http://localhost:{options.HttpPort}");
        }
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);

        builder.UseOrleans(silo =>
        {
            if (options.IsCluster)
            {
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
                silo.ConfigureEndpoints(Advertised(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                silo.UsePostgresClustering(options.Postgres!).UsePostgresStorage(options.Postgres!);
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: ClusterId, clusterId: ClusterId);
                silo.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Loopback);
                silo.UseSqliteStorage(options.DataFolder);
            }
            if (options.TlsCertificate is { Length: > 0 } pfx)
            {
                var (certificate, trust) = CertificateTrust.Load(pfx, options.TlsPassword, options.TlsCertificateAuthority);
                silo.UseTls(certificate, tls => ClusterTls.RequireTrusted(tls, trust));
            }
            silo.AddDashboard();
            silo.Services.AddRetentionGrains();
        });
        builder.Services.AddSingleton(options);
        if (!options.IsCluster)
        {
            builder.Services.AddHostedService<LocalTerminalCredentials>();
        }
        if (options.Demo)
        {
            builder.Services.AddHostedService<DemoData>();
        }
        return options;
    }

    /// <summary>Where the data lives, for people: the database file, or the PostgreSQL server and database without credentials.</summary>
    public static string DataDescription(this SiloOptions options)
    {
        if (!options.IsCluster)
        {
            return Path.Combine(options.DataFolder, SqliteStorageExtensions.DatabaseFileName);
        }
        var postgres = new NpgsqlConnectionStringBuilder(options.Postgres);
        return $"PostgreSQL {postgres.Host}:{postgres.Port}/{postgres.Database}";
    }

    /// <summary>Where terminals get their credentials: the embedded silo's local files, or the back office.</summary>
    public static string TerminalCredentialsDescription(this SiloOptions options) =>
        options.IsCluster
            ? "each needs a credential: issue one in the back office (Terminals) or with `credential issue`"
            : $"credentials for this machine's till and kiosk in {options.DataFolder} (local-till.credential, local-kiosk.credential)";

    private static IPAddress Advertised(string address) =>
        address.Equals("auto", StringComparison.OrdinalIgnoreCase)
            ? Dns.GetHostAddresses(Dns.GetHostName()).First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            : IPAddress.Parse(address);
}
