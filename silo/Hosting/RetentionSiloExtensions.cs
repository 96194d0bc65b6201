using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using RetentionActors.Grains;
using RetentionActors.Grains.Maintenance;
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
    /// <exception cref="SiloStartupException">A known reason not to start, with what to do about it.</exception>
    public static SiloOptions AddRetentionSilo(this WebApplicationBuilder builder, string[] args)
    {
        CommandLineSecrets.RefuseTlsPassword(args);
        builder.Configuration.AddCommandLine(SiloOptions.NormalizeFlags(args), SiloOptions.Switches);
        SiloOptions options;
        try
        {
            options = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            // A number or a switch that is not one (--silo-port abc): the binder names the setting; only typed settings
            // fail to convert, never the text ones that may hold a secret.
            throw new SiloStartupException($"{unreadable.Message} Give that option a value of its kind (README, Quickstart and Run a cluster).");
        }
        options.DataFolder = Path.GetFullPath(options.DataFolder);
        if (CommandLineSecrets.ConnectionStringWithPassword(args))
        {
            Console.Error.WriteLine(CommandLineSecrets.ConnectionStringWarning);
        }
        var idleAge = options.GrainIdleAgeSpan();
        var tls = ClusterTls.Load(options);
        var advertised = IPAddress.Loopback;
        if (options.IsCluster)
        {
            // Decided before the database is touched: a silo that may not start changes nothing.
            advertised = SiloTransport.ResolveAdvertised(options.AdvertisedAddress);
            options.AdvertisedAddress = advertised.ToString();
            SiloTransport.Require([advertised], options);
        }

        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls($"http://localhost:{options.HttpPort}");
        }
        // The UTC time to the millisecond on every console log entry, so the silos' and the tills' logs line up.
        builder.Logging.AddSimpleConsole(console => (console.TimestampFormat, console.UseUtcTimestamp) = ("yyyy-MM-ddTHH:mm:ss.fffZ ", true));
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);

        builder.UseOrleans(silo =>
        {
            if (options.IsCluster)
            {
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
                // A loopback address keeps both ports on this machine (a local cluster needs no TLS); any other
                // address is meant to be reached from elsewhere, so listen on every address (a container's
                // published ports arrive on its own address).
                silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
                silo.UseKubernetesHostingInPod(Environment.GetEnvironmentVariable);
                ClusterDatabase.Open(options.Postgres!, () => silo.UsePostgresClustering(options.Postgres!).UsePostgresStorage(options.Postgres!));
                silo.UseLoyaltyFailureDetection();
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: ClusterId, clusterId: ClusterId);
                silo.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Loopback);
                silo.UseSqliteStorage(options.DataFolder);
            }
            if (tls is { } material)
            {
                silo.UseTls(material.Certificate, o => ClusterTls.RequireTrusted(o, material.Anchor));
            }
            silo.UseGrainIdleAge(idleAge);
            silo.AddDashboard();
            silo.Services.AddRetentionGrains();
            // Maintenance__Buckets, Maintenance__Period, ...: see MaintenanceSweepOptions.
            silo.Services.Configure<MaintenanceSweepOptions>(builder.Configuration.GetSection("Maintenance"));
            silo.UseTracePropagation();
        });
        builder.Services.AddSingleton(options);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = KubernetesHosting.ShutdownTimeout);
        builder.Services.AddHostedService<QuietMemoryRelease>();
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
        return ClusterDatabase.Describe(options.Postgres!);
    }

    /// <summary>Where terminals get their credentials: the embedded silo's local files, or the back office.</summary>
    public static string TerminalCredentialsDescription(this SiloOptions options) =>
        options.IsCluster
            ? "each needs a credential: issue one in the back office (Terminals) or with `credential issue`"
            : $"credentials for this machine's till and kiosk in {options.DataFolder} (local-till.credential, local-kiosk.credential)";
}
