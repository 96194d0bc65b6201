using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orleans.Dashboard;
using RetentionActors.Silo.Hosting;
using RetentionActors.Storage.Hosting;

var builder = WebApplication.CreateBuilder();
var options = builder.AddRetentionSilo(args);

var app = builder.Build();
app.MapGet("/", () => Results.Redirect("/dashboard/"));
app.MapOrleansDashboard(routePrefix: "/dashboard");

app.Lifetime.ApplicationStarted.Register(() =>
{
    var http = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    Console.WriteLine($"""
        RetentionActors silo is running.
          Dashboard: {http}/dashboard/
          Gateway:   localhost:{options.GatewayPort}
          Data:      {Path.Combine(options.DataFolder, SqliteStorageExtensions.DatabaseFileName)}
        Press Ctrl+C to stop.
        """);
});

await app.RunAsync();
