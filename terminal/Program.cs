using Microsoft.Extensions.Hosting;
using RetentionActors.Terminal;
using RetentionActors.Terminal.Hosting;

// The till: a card reader, the cashier/kiosk screen or the JSON protocol, and the silo behind an offline outbox.
if (args.Contains("--help"))
{
    Console.WriteLine(TerminalOptions.Usage);
    return 0;
}
if (!TerminalOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine($"{error}\n{TerminalOptions.Usage}");
    return TerminalApp.BadOptions;
}

// No configuration files or variables beyond the ones the terminal reads itself: its settings are the command line's.
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Logging.AddTerminalConsole(options.Verbose);
builder.Services
    .AddTerminalOptions(options)
    .AddSiloConnection()
    .AddCardReader()
    .AddOutbox()
    .AddTillSession();
using var host = builder.Build();
return await host.RunTerminalAsync();
