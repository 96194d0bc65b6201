using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using RetentionActors.Grains;
using RetentionActors.Storage.Hosting;

namespace RetentionActors.Silo.Hosting;

public static class RetentionSiloExtensions
{
    public const string ClusterId = "retention";

    /// <summary>A single silo on this machine: localhost clustering, the embedded SQLite store, the dashboard.</summary>
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
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: ClusterId, clusterId: ClusterId);
            silo.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Loopback);
            silo.UseSqliteStorage(options.DataFolder);
            silo.AddDashboard();
            silo.Services.AddRetentionGrains();
        });
        builder.Services.AddSingleton(options);
        if (options.Demo)
        {
            builder.Services.AddHostedService<DemoData>();
        }
        return options;
    }
}
