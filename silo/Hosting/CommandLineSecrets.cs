using Npgsql;
using RetentionActors.Tls;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// Secrets do not belong on the command line: every user of the machine can read it (<c>ps</c>, <c>/proc</c>)
/// and shells keep it in their history. The TLS password is refused there outright; a connection string with
/// a password is still taken (local development), with a warning pointing to the environment.
/// </summary>
public static class CommandLineSecrets
{
    /// <summary>Throws when the TLS password is on the command line, in any spelling the configuration would read.</summary>
    public static void RefuseTlsPassword(IEnumerable<string> args)
    {
        if (args.Select(Key).Any(key => key.Equals("tls-password", StringComparison.OrdinalIgnoreCase)
            || key.Equals($"{SiloOptions.Section}:{nameof(SiloOptions.TlsPassword)}", StringComparison.OrdinalIgnoreCase)))
        {
            throw new SiloStartupException(TlsFiles.PasswordOnCommandLine + " (The silo also reads Silo__TlsPassword.)");
        }
    }

    /// <summary>Whether the connection string given with <c>--postgres</c> holds a password.</summary>
    public static bool ConnectionStringWithPassword(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var key = Key(args[i]);
            if (!key.Equals("postgres", StringComparison.OrdinalIgnoreCase) && !key.Equals($"{SiloOptions.Section}:{nameof(SiloOptions.Postgres)}", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var value = args[i].Contains('=', StringComparison.Ordinal) ? args[i][(args[i].IndexOf('=', StringComparison.Ordinal) + 1)..] : i + 1 < args.Count ? args[i + 1] : "";
            try
            {
                if (!string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(value).Password))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                // Unreadable: the silo reports it when it opens the database.
            }
        }
        return false;
    }

    public const string ConnectionStringWarning =
        "Warning: the connection string given with --postgres holds a password, which every user of this machine can read on the command line. " +
        "Give it in the environment instead: Silo__Postgres=\"Host=…;Password=…\".";

    // "--tls-password=x", "/Silo:TlsPassword x" and "-tls-password x" all reach the configuration: compare the key alone.
    private static string Key(string arg)
    {
        if (!arg.StartsWith('-') && !arg.StartsWith('/'))
        {
            return "";
        }
        var key = arg.TrimStart('-', '/');
        var equals = key.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? key : key[..equals];
    }
}
