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
using RetentionActors.Storage.Maintenance;
using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Sqlite;

namespace RetentionActors.Storage.Hosting;

public static class SqliteStorageExtensions
{
    /// <summary>The database file name inside a data folder.</summary>
    public const string DatabaseFileName = "retention.db";

    /// <summary>
    /// Keeps everything in one SQLite file inside <paramref name="dataFolder"/>: customers and ledger,
    /// card and program grain state, and reminders.
    /// </summary>
    public static ISiloBuilder UseSqliteStorage(this ISiloBuilder silo, string dataFolder)
    {
        silo.Services.AddSingleton(_ => new SqliteDatabase(Path.Combine(dataFolder, DatabaseFileName)));
        silo.Services.AddSingleton<SqlDatabase>(services => services.GetRequiredService<SqliteDatabase>());
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
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return silo;
    }
}
