using Microsoft.Data.Sqlite;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// Parameters are named as the SQL writes them (<c>@name</c>): Microsoft.Data.Sqlite then finds each in one look-up,
/// instead of trying the bare name and every prefix, with a string and a UTF-8 copy per try, on every execution.
/// </summary>
public sealed class ParameterNameTests
{
    [Fact]
    public void A_parameter_bound_by_its_bare_name_carries_the_prefix_and_the_name_is_built_once()
    {
        using var first = new SqliteCommand("SELECT @count").With("count", 1);
        using var second = new SqliteCommand("SELECT @count").With("count", 2);

        Assert.Equal("@count", first.Parameters[0].ParameterName);
        Assert.Same(first.Parameters[0].ParameterName, second.Parameters[0].ParameterName);
        Assert.Equal("@already", DbCommandExtensions.Placeholder("@already"));
    }

    [Fact]
    public void A_prefixed_parameter_binds_on_sqlite_as_the_bare_one_did()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.Command(null, "SELECT @a + @b").With("a", 2).With("@b", 3);

        Assert.Equal(5L, command.ExecuteScalar());
    }
}
