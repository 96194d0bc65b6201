using System.Text.RegularExpressions;
using Npgsql;

namespace RetentionActors.Bench.Failover;

/// <summary>
/// The cluster's membership table as the silos write it, read straight from the database (a hung silo cannot delay
/// the read): each silo's row (port, generation, status) and the votes other silos cast against it, each with who cast
/// it and when. A vote against a silo that was alive at the time is a false suspicion.
/// </summary>
public static partial class MembershipTable
{
    public const int Active = 3, Dead = 6;

    public static async Task<IReadOnlyList<MemberRow>> ReadAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port, generation, status, coalesce(suspecttimes, '') FROM orleansmembershiptable", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<MemberRow>();
        while (await reader.ReadAsync())
        {
            var (port, generation) = (reader.GetInt32(0), reader.GetInt32(1));
            rows.Add(new MemberRow(port, generation, reader.GetInt32(2), Votes(port, generation, reader.GetString(3))));
        }
        return rows;
    }

    /// <summary>
    /// Polls the table until the silo on <paramref name="port"/> of <paramref name="generation"/> is marked dead; returns
    /// how long that took from <paramref name="since"/>, or null if it was not within <paramref name="within"/>.
    /// </summary>
    public static async Task<TimeSpan?> WaitUntilDeadAsync(string database, int port, int generation, DateTimeOffset since, TimeSpan within)
    {
        while (DateTimeOffset.UtcNow - since < within)
        {
            if ((await ReadAsync(database)).Any(r => r.Port == port && r.Generation == generation && r.Status == Dead))
            {
                return DateTimeOffset.UtcNow - since;
            }
            await Task.Delay(100);
        }
        return null;
    }

    // Orleans writes each vote as "<address>:<port>@<generation>,<yyyy-MM-dd HH:mm:ss.fff> GMT" and separates votes with
    // '|'. A silo that leaves gracefully writes itself there as it declares itself dead: that is no suspicion.
    private static List<SuspicionVote> Votes(int port, int generation, string column) =>
        [.. column.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(vote => VoteFormat().Match(vote))
            .Where(match => match.Success)
            .Select(match => new SuspicionVote(port, generation, int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["generation"].Value, CultureInfo.InvariantCulture),
                DateTimeOffset.ParseExact(match.Groups["at"].Value, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)))
            .Where(vote => (vote.VoterPort, vote.VoterGeneration) != (port, generation))];

    [GeneratedRegex(@":(?<port>\d+)@(?<generation>\d+)\s*,\s*(?<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})")]
    private static partial Regex VoteFormat();
}

/// <summary>A silo's row in the membership table: its port, generation, status and the votes against it.</summary>
public sealed record MemberRow(int Port, int Generation, int Status, IReadOnlyList<SuspicionVote> Votes);

/// <summary>One silo's vote that another (port and generation) is dead, and when it was cast.</summary>
public sealed record SuspicionVote(int TargetPort, int TargetGeneration, int VoterPort, int VoterGeneration, DateTimeOffset At);
