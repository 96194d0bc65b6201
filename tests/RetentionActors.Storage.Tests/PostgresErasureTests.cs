using Npgsql;
using RetentionActors.Grains.Audit;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

public sealed class PostgresErasureTests(PostgresFixture fixture) : ErasureContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();

    [Fact]
    public async Task No_table_holds_the_name_or_e_mail_after_erasure()
    {
        var person = await CustomerWithFreeTextAsync();
        Assert.True((await TablesHoldingAsync(person.Name)).Count >= 5, "the test data did not reach the tables");

        await EraseAsync(person, AuditIntent.New(At, "gdpr-erase", person.Id, null, "personal data erased"));

        // Live rows only: dead row versions stay in the files until VACUUM (docs/privacy.md).
        Assert.Empty(await TablesHoldingAsync(person.Name));
        Assert.Empty(await TablesHoldingAsync(person.Email));
    }

    // Every table of the schema whose rows, as text, contain `text` (case-insensitively: the e-mail column is lower case).
    private async Task<List<string>> TablesHoldingAsync(string text)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }
        var holding = new List<string>();
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" t WHERE t::text ILIKE @pattern", connection);
            search.Parameters.AddWithValue("pattern", "%" + text + "%");
            if ((long)(await search.ExecuteScalarAsync(Ct))! > 0)
            {
                holding.Add(table);
            }
        }
        return holding;
    }
}
