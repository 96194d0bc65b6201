using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Terminal.Outbox;
using RetentionActors.Terminal.Readers;
using RetentionActors.Terminal.Readers.CardData;

namespace RetentionActors.Terminal.Hosting;

/// <summary>The till's parts as services: its options (validated at start), the silo connection, the reader, the outbox and the session.</summary>
public static class TerminalServices
{
    /// <summary>The options come from <paramref name="commandLine"/>, the parsed command line, and are checked when the host starts.</summary>
    public static IServiceCollection AddTerminalOptions(this IServiceCollection services, TerminalOptions commandLine)
    {
        // Standard output belongs to the screen or the JSON protocol: no "Application started" there.
        services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        services.TryAddSingleton(_ => FoundCredential.For(commandLine));
        services.AddSingleton<IValidateOptions<TerminalOptions>, TerminalOptionsValidator>();
        services.AddSingleton<IOptionsFactory<TerminalOptions>>(provider => new CommandLineOptionsFactory(commandLine,
            provider.GetRequiredService<FoundCredential>(), provider.GetServices<IConfigureOptions<TerminalOptions>>(),
            provider.GetServices<IPostConfigureOptions<TerminalOptions>>(), provider.GetServices<IValidateOptions<TerminalOptions>>()));
        services.AddOptions<TerminalOptions>().ValidateOnStart();
        return services;
    }

    /// <summary>Where the gateways are and how to reach them (resolved, TLS files opened, when first asked for: at start).</summary>
    public static IServiceCollection AddSiloConnection(this IServiceCollection services)
    {
        services.AddSingleton(provider => ClusterAddress.For(Options(provider), provider.GetRequiredService<FoundCredential>().Credential));
        services.AddSingleton(provider =>
        {
            var address = provider.GetRequiredService<ClusterAddress>();
            return new SiloConnection(address.Gateways, Options(provider).Timeout, provider.GetRequiredService<ILoggerFactory>(), address.ConfigureClient);
        });
        services.AddSingleton<IGrainAccess>(provider => provider.GetRequiredService<SiloConnection>());
        return services;
    }

    public static IServiceCollection AddCardReader(this IServiceCollection services)
    {
        services.AddSingleton(provider => new OwnCardRanges(Options(provider).CardRanges));
        services.AddSingleton(provider => ReaderFactory.Create(Options(provider).Reader, new CardDataClassifier(provider.GetRequiredService<OwnCardRanges>()),
            provider.GetRequiredService<ILoggerFactory>(), Options(provider).ReadNdef));
        return services;
    }

    /// <summary>The outbox that keeps sales while the silo is away, and what replays and reports them.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddSingleton(provider => new PurchaseOutbox(Options(provider).ResolvedOutboxPath));
        services.AddSingleton(provider => new TerminalIdentity(Options(provider).StoreId, Options(provider).TerminalId));
        services.AddSingleton(provider => new OutboxReplayer(provider.GetRequiredService<PurchaseOutbox>(), provider.GetRequiredService<IGrainAccess>(),
            provider.GetRequiredService<ILogger<OutboxReplayer>>()));
        services.AddSingleton(provider => new DeadLetterReporter(provider.GetRequiredService<PurchaseOutbox>(), provider.GetRequiredService<IGrainAccess>(),
            provider.GetRequiredService<TerminalIdentity>(), provider.GetRequiredService<ILogger<DeadLetterReporter>>()));
        return services;
    }

    /// <summary>The desk and the cashier, kiosk or JSON session in front of it.</summary>
    public static IServiceCollection AddTillSession(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new LoyaltyDesk(provider.GetRequiredService<IGrainAccess>(), provider.GetRequiredService<PurchaseOutbox>(),
            provider.GetRequiredService<OutboxReplayer>(), provider.GetRequiredService<TerminalIdentity>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<LoyaltyDesk>>())
        {
            // A kiosk may not redeem offline, so it asks for no allowance.
            AsksForOfflineAllowances = Options(provider).Mode != "kiosk",
        });
        services.AddSingleton<TillSession>();
        return services;
    }

    private static TerminalOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<TerminalOptions>>().Value;
}
