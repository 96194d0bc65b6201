using System.Data.Common;
using Npgsql;
using RetentionActors.Storage.Postgres;

namespace RetentionActors.Storage.Tests;

/// <summary>The sessions the store opens are set up for its work, unless the operator's connection string says otherwise.</summary>
public sealed class PostgresSessionSettingsTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_stores_sessions_run_without_jit_and_keep_their_session_between_uses()
    {
        var database = fixture.Require();

        Assert.Equal("off", await ShowAsync(database, "jit"));
        // Without the reset on reuse, a setting outlives the use that made it: the store itself sets none.
        await using (var connection = database.OpenRead())
        await using (var set = connection.CreateCommand())
        {
            set.CommandText = "SET application_name = 'left behind'";
            await set.ExecuteNonQueryAsync(Ct);
        }
        Assert.Equal("left behind", await ShowAsync(database, "application_name"));
    }

    [Fact]
    public async Task A_connection_string_that_names_the_settings_keeps_its_own()
    {
        fixture.Require();
        var own = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Options = "-c jit=on", NoResetOnClose = false }.ConnectionString;
        await using var database = new PostgresDatabase(own);

        Assert.Equal("on", await ShowAsync(database, "jit"));
        await using (var connection = database.OpenRead())
        await using (var set = connection.CreateCommand())
        {
            set.CommandText = "SET application_name = 'left behind'";
            await set.ExecuteNonQueryAsync(Ct);
        }
        Assert.NotEqual("left behind", await ShowAsync(database, "application_name"));
    }

    private static async Task<string?> ShowAsync(PostgresDatabase database, string setting)
    {
        await using DbConnection connection = database.OpenRead();
        await using var show = connection.CreateCommand();
        show.CommandText = $"SHOW {setting}";
        return (string?)await show.ExecuteScalarAsync(Ct);
    }
}
