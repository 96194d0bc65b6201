using RetentionActors.Silo.Hosting;
using RetentionActors.Storage.Postgres;

namespace RetentionActors.Silo.Commands;

/// <summary>
/// <c>migrate</c>: prepares a cluster database ahead of the silos. It reads the connection string where
/// the silo does — <c>Silo__Postgres</c> in the environment (where a password belongs), or <c>--postgres</c>.
/// </summary>
public static class MigrateCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var options = SiloOptions.Read(args);
        if (!options.IsCluster)
        {
            error.WriteLine("migrate needs the cluster database: Silo__Postgres=\"<connection string>\" in the environment, or --postgres \"<connection string>\".");
            return 2;
        }
        if (CommandLineSecrets.ConnectionStringWithPassword(args))
        {
            error.WriteLine(CommandLineSecrets.ConnectionStringWarning);
        }
        try
        {
            var version = ClusterDatabase.Open(options.Postgres!, () => PostgresDatabase.Migrate(options.Postgres!));
            output.WriteLine($"{ClusterDatabase.Describe(options.Postgres!)}: schema is at version {version}.");
            return 0;
        }
        catch (SiloStartupException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }
    }
}
