using System.Collections.Concurrent;
using System.Data.Common;

namespace RetentionActors.Storage.Sql;

internal static class DbCommandExtensions
{
    /// <summary>A command of <paramref name="sql"/> on the connection, in <paramref name="transaction"/> (none when null).</summary>
    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Binds <paramref name="value"/> to <c>@name</c>; null becomes SQL NULL.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = Placeholder(name);
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>
    /// The parameter name as the SQL writes it, <c>@name</c>. Microsoft.Data.Sqlite binds a bare <c>name</c> by trying it
    /// and then every prefix it knows (<c>@ : $</c>), allocating a string and a UTF-8 copy for each try, on every
    /// execution of a reused command: on the write path that was about a sixth of the silo's allocations. Npgsql
    /// accepts the name with its prefix as well.
    /// </summary>
    public static string Placeholder(string name) =>
        name.StartsWith('@') ? name
        : Placeholders.TryGetValue(name, out var known) ? known
        : Placeholders.Count < PlaceholdersKept ? Placeholders.GetOrAdd(name, "@" + name)
        : "@" + name;

    // The names are the code's own: literals, and numbered ones for the rows of a multi-row statement. The cap keeps a
    // statement with an unusually long list from growing the set for good.
    private static readonly ConcurrentDictionary<string, string> Placeholders = new(StringComparer.Ordinal);
    private const int PlaceholdersKept = 4096;

    public static string? NullableString(this DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
