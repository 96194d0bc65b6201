using System.Data.Common;

namespace RetentionActors.Silo.Commands;

/// <summary>Parameters for the back office's own queries, on either engine.</summary>
public static class CommandParameters
{
    /// <summary>Binds <paramref name="value"/> to <c>@name</c>; null becomes SQL NULL.</summary>
    public static void Bind(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
