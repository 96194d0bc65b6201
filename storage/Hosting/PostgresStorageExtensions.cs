using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using RetentionActors.Grains;
using RetentionActors.Grains.Campaigns;
using RetentionActors.Grains.DeadLetters;
using RetentionActors.Grains.Maintenance;
using RetentionActors.Grains.Security;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.DeadLetters;
using RetentionActors.Storage.Events;
using RetentionActors.Storage.Webhooks;
using RetentionActors.Storage.Security;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Maintenance;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Hosting;

public static class PostgresStorageExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Keeps state in PostgreSQL: customers, the ledger and the grain state of cards, coupons, the program and
    /// campaigns through our own store and its group-commit writer (so a change and its audit row share a
    /// transaction), reminders through the Orleans ADO.NET provider. The schema is applied first, so a fresh
    /// database works at once.
    /// </summary>
    public static ISiloBuilder UsePostgresStorage(this ISiloBuilder silo, string connectionString)
    {
        PostgresDatabase.Migrate(connectionString);
        silo.Services.AddSingleton(_ => new PostgresDatabase(connectionString));
        silo.Services.AddSingleton<SqlDatabase>(services => services.GetRequiredService<PostgresDatabase>());
        silo.Services.AddSingleton<ICustomerStore, SqlCustomerStore>();
        silo.Services.AddSingleton<ICampaignStore, SqlCampaignStore>();
        silo.Services.AddSingleton<IMaintenanceDueStore, SqlMaintenanceDueStore>();
        silo.Services.AddSingleton(services => SqlClusterSecret.LoadOrCreate(services.GetRequiredService<SqlDatabase>()));
        silo.Services.AddSingleton<ITerminalCredentialStore, SqlTerminalCredentialStore>();
        silo.Services.AddSingleton<IOperatorStore, SqlOperatorStore>();
        silo.Services.AddSingleton<IAdjustmentApprovalStore, SqlAdjustmentApprovalStore>();
        silo.Services.AddSingleton<IDeadLetterStore, SqlDeadLetterStore>();
        silo.Services.AddSingleton<SqlAuditTrail>();
        silo.Services.AddSingleton<SqlEventFeed>();
        silo.Services.AddSingleton<SqlEventPruning>();
        silo.Services.AddSingleton<SqlWebhookStore>();
        silo.Services.AddGrainStorage(StorageNames.Loyalty, (services, _) => ActivatorUtilities.CreateInstance<SqlGrainStorage>(services));
        silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
        return silo;
    }

    /// <summary>Cluster membership in PostgreSQL: silos find each other, and terminals the gateways, through its table.</summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder silo, string connectionString)
    {
        PostgresDatabase.Migrate(connectionString);
        return silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
    }
}
