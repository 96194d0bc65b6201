using RetentionActors.Contracts.Security;
using RetentionActors.Grains.Security;
using RetentionActors.Silo.Hosting;
using RetentionActors.Storage.Postgres;
using RetentionActors.Storage.Security;
using RetentionActors.Storage.Sql;
using RetentionActors.Storage.Sqlite;
using RetentionActors.Storage.Hosting;

namespace RetentionActors.Silo.Commands;

/// <summary>
/// <c>credential issue|list|revoke</c>: terminal credentials straight in the cluster's database, for operators
/// who set up a cluster before anyone can log in to the back office (for example in docker compose). Reads
/// the silo's own settings (<c>--data</c>, <c>--postgres</c> or <c>Silo__Postgres</c> from the environment).
/// </summary>
public static class CredentialCommand
{
    public const string Usage = """
        usage: credential issue --store ID --terminal ID --role till|kiosk [--days N] [--out FILE]
               credential list
               credential revoke CREDENTIAL-ID
          with the silo's storage settings: --data FOLDER (embedded) or --postgres / Silo__Postgres (cluster)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var options = SiloOptions.Read(args);
        var verb = args.ElementAtOrDefault(1);
        if (verb is not ("issue" or "list" or "revoke"))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        await using SqlDatabase database = options.IsCluster
            ? new PostgresDatabase(options.Postgres!)
            : new SqliteDatabase(Path.Combine(options.DataFolder, SqliteStorageExtensions.DatabaseFileName));
        var store = new SqlTerminalCredentialStore(database);
        var clock = TimeProvider.System;
        var tokens = new TerminalTokens(SqlClusterSecret.LoadOrCreate(database));
        var issuer = new TerminalCredentialIssuer(store, tokens, new TerminalCredentialRegistry(store, tokens, clock), clock);
        try
        {
            switch (verb)
            {
                case "issue":
                    return await IssueAsync(args, issuer, output, error);
                case "list":
                    foreach (var c in await store.ListAsync())
                    {
                        await output.WriteLineAsync($"{c.Id}  {c.Describe(),-36} issued {c.IssuedAt:yyyy-MM-dd} by {c.IssuedBy}, " +
                            (c.RevokedAt is { } at ? $"revoked {at:yyyy-MM-dd HH:mm} by {c.RevokedBy}" : $"valid until {c.ExpiresAt:yyyy-MM-dd}"));
                    }
                    return 0;
                default:
                    var id = args.ElementAtOrDefault(2) ?? "";
                    if (!await issuer.RevokeAsync(id, "command line"))
                    {
                        await error.WriteLineAsync($"No active credential {id}.");
                        return 1;
                    }
                    await output.WriteLineAsync($"Revoked {id}; every silo refuses it within seconds.");
                    return 0;
            }
        }
        catch (ArgumentException invalid)
        {
            await error.WriteLineAsync(invalid.Message);
            return 2;
        }
    }

    private static async Task<int> IssueAsync(string[] args, TerminalCredentialIssuer issuer, TextWriter output, TextWriter error)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        if (!Enum.TryParse<TerminalRole>(Value("--role"), ignoreCase: true, out var role) || !Enum.IsDefined(role))
        {
            await error.WriteLineAsync("--role is till or kiosk.\n" + Usage);
            return 2;
        }
        var days = int.TryParse(Value("--days"), out var d) ? d : 365;
        var (credential, token) = await issuer.IssueAsync(Value("--store") ?? "", Value("--terminal") ?? "", role, days, "command line");
        if (Value("--out") is { } path)
        {
            await File.WriteAllTextAsync(path, token + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            await output.WriteLineAsync($"Issued {credential.Id} for {credential.Describe()}, valid until {credential.ExpiresAt:yyyy-MM-dd}; token written to {path}.");
        }
        else
        {
            await error.WriteLineAsync($"Issued {credential.Id} for {credential.Describe()}, valid until {credential.ExpiresAt:yyyy-MM-dd}. Token (shown once):");
            await output.WriteLineAsync(token);
        }
        return 0;
    }
}
