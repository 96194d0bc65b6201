using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orleans.Dashboard;
using RetentionActors.Silo.Api;
using RetentionActors.Silo.Commands;
using RetentionActors.Silo.Hosting;
using RetentionActors.Storage.Postgres;

if (args.FirstOrDefault() == "migrate")
{
    // `migrate --postgres "<connection string>"`: prepare a cluster database ahead of the silos.
    var connectionString = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault()
        ?? throw new ArgumentException("migrate needs --postgres \"<connection string>\"");
    Console.WriteLine($"PostgreSQL schema is at version {PostgresDatabase.Migrate(connectionString)}.");
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

// On a 2-core machine the thread pool starts with 2 workers and grows by about one every half second; a
// cold silo taking many first calls at once (reads still block a thread briefly) stalled for 20-30 s in
// the benchmarks (docs/performance.md). Starting with more workers removes the stall.
ThreadPool.GetMinThreads(out var workers, out var completionPorts);
ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(completionPorts, 64));

var builder = WebApplication.CreateBuilder();
var options = builder.AddRetentionSilo(args);
builder.AddBackOffice();

var app = builder.Build();
app.UseBackOffice();
app.MapGet("/", () => Results.Redirect("/dashboard/"));
// Once the back office has credentials, the dashboard is behind the same login; without any it stays open (but
// for its log stream, reminders and grain state), as a single developer silo on localhost needs no login.
app.MapOrleansDashboard(routePrefix: "/dashboard").RequireBackOfficeLogin();
app.MapBackOfficeApi();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var http = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    Console.WriteLine($"""
        RetentionActors silo is running ({(options.IsCluster ? "cluster" : "embedded")} mode).
          Dashboard: {http}/dashboard/
          Back office: {http}/backoffice/ ({(app.Services.GetRequiredService<BackOfficeTokens>().AnyConfigured ? "log in as a named operator, or with the bootstrap token" : "named operators only; RETENTION_ADMIN_TOKEN (at least 16 characters) lets you create the first")})
          Gateway:   {options.AdvertisedAddress}:{options.GatewayPort}
          Data:      {options.DataDescription()}
          Terminals: {options.TerminalCredentialsDescription()}
        Press Ctrl+C to stop.
        """);
});

await app.RunAsync();
