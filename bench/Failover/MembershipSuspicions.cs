using Npgsql;

namespace RetentionActors.Bench.Failover;

/// <summary>
/// The votes silos cast against each other, read from the cluster's membership table: each row's silo (port and
/// generation) and how many other silos suspected it. A vote against a silo that was alive is a false suspicion.
/// </summary>
public static class MembershipSuspicions
{
    public static async Task<IReadOnlyList<SuspectedSilo>> ReadAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port, generation, status, coalesce(suspecttimes, '') FROM orleansmembershiptable", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var silos = new List<SuspectedSilo>();
        while (await reader.ReadAsync())
        {
            var (port, generation) = (reader.GetInt32(0), reader.GetInt32(1));
            // Orleans writes each vote as "<address>:<port>@<generation>,<time>" and separates votes with '|'. A silo that
            // leaves gracefully writes itself there as it declares itself dead: that is no suspicion.
            var votes = reader.GetString(3).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Count(vote => !vote.Split(',')[0].EndsWith($":{port}@{generation}", StringComparison.Ordinal));
            silos.Add(new SuspectedSilo(port, generation, reader.GetInt32(2), votes));
        }
        return silos;
    }
}

/// <summary>A silo's row in the membership table: its port, generation, status (3 active, 6 dead) and the votes against it.</summary>
public sealed record SuspectedSilo(int Port, int Generation, int Status, int Votes)
{
    public const int Active = 3;
}
