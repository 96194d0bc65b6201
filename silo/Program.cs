using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using RetentionActors.Silo.Api;
using RetentionActors.Silo.Commands;
using RetentionActors.Silo.Hosting;
using RetentionActors.Silo.Events;
using RetentionActors.Silo.Webhooks;

if (args.FirstOrDefault() == "migrate")
{
    // `migrate` (Silo__Postgres in the environment): prepare a cluster database ahead of the silos.
    Environment.ExitCode = MigrateCommand.Run(args[1..], Console.Out, Console.Error);
    return;
}

if (args.FirstOrDefault() == "credential")
{
    // `credential issue|list|revoke`: terminal credentials in the cluster's database, before the back office is set up.
    Environment.ExitCode = await CredentialCommand.RunAsync(args, Console.Out, Console.Error);
    return;
}

if (args.FirstOrDefault() == "import")
{
    // `import <file.csv> [--url …]`: a large purchase history into a running silo, with progress.
    Environment.ExitCode = await ImportCommand.RunAsync(args, Console.Out);
    return;
}

if (args.FirstOrDefault() == "certs")
{
    // `certs --out <folder> --silo <name> --terminal <name>`: a certificate authority and the cluster's TLS certificates.
    Environment.ExitCode = CertsCommand.Run(args[1..], Console.Out, Console.Error);
    return;
}

// On a 2-core machine the thread pool starts with 2 workers and grows by about one every half second; a
// cold silo taking many first calls at once (reads still block a thread briefly) stalled for 20-30 s in
// the benchmarks (docs/performance.md). Starting with more workers removes the stall.
ThreadPool.GetMinThreads(out var workers, out var completionPorts);
ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(completionPorts, 64));

WebApplication app;
SiloOptions options;
string transport;
try
{
    var builder = WebApplication.CreateBuilder();
    options = builder.AddRetentionSilo(args);
    builder.AddStoreHealth();
    builder.AddBackOffice();
    builder.AddRetentionTelemetry();
    builder.AddWebhooks();
    builder.AddEventRetention();
    builder.AddCountingAhead();
    app = builder.Build();
    transport = SiloTransport.Verify(app.Services, options);
}
catch (SiloStartupException refusal)
{
    // Known reasons not to start (no TLS where it is needed, a password on the command line, the database
    // unreachable…) are told plainly: what is wrong and what to do, no stack trace.
    Console.Error.WriteLine(refusal.Message);
    Environment.ExitCode = 2;
    return;
}

app.UseBackOffice();
app.MapGet("/", () => Results.Redirect("/dashboard/"));
// Once the back office has credentials, the dashboard is behind the same login; without any it stays open (but
// for its log stream, reminders and grain state), as a single developer silo on localhost needs no login.
app.MapOrleansDashboard(routePrefix: "/dashboard").RequireBackOfficeLogin();
app.MapBackOfficeApi();
app.MapHealthEndpoints();
app.MapMetricsEndpoint();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var http = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    Console.WriteLine($"""
        RetentionActors silo is running ({(options.IsCluster ? "cluster" : "embedded")} mode), version {SiloVersion.Text}.
          Dashboard: {http}/dashboard/
          Back office: {http}/backoffice/ ({(app.Services.GetRequiredService<BackOfficeTokens>().AnyConfigured ? "log in as a named operator, or with the bootstrap token" : "named operators only; RETENTION_ADMIN_TOKEN (at least 16 characters) lets you create the first")})
          Gateway:   {options.AdvertisedAddress}:{options.GatewayPort}
          Transport: {transport}
          Data:      {options.DataDescription()}{(options.IsCluster ? $"\n  Failure detection: {FailureDetection.Describe(app.Services.GetRequiredService<IOptions<Orleans.Configuration.ClusterMembershipOptions>>().Value)}" : "")}
          Terminals: {options.TerminalCredentialsDescription()}
          Memory:    {GarbageCollectorDescription.Describe()}
        Press Ctrl+C to stop.
        """);
});

await app.RunAsync();
