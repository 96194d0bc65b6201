namespace RetentionActors.Terminal.Outbox;

// Dead letters: entries the silo refused, kept with their reason until the back office books or dismisses them.
public sealed partial class PurchaseOutbox
{
    /// <summary>
    /// Keeps an entry the silo refused (or that kept failing) as a dead letter: it is not sent again, and stays until
    /// <see cref="Delete"/> with the back office's resolution. Setting aside a dead letter again changes nothing.
    /// </summary>
    public void SetAside(long sequence, string reasonCode, string message, DateTimeOffset since, int attempts, TimeSpan? clockSkew)
    {
        using var connection = Open();
        using var update = connection.CreateCommand();
        update.CommandText = """
            UPDATE outbox SET dead_reason = $reason, dead_message = $message, dead_since = $since, attempts = $attempts,
                clock_skew_ms = $skew, retry_at = NULL
            WHERE seq = $seq AND dead_reason IS NULL
            """;
        update.Parameters.AddWithValue("$reason", reasonCode);
        update.Parameters.AddWithValue("$message", message);
        update.Parameters.AddWithValue("$since", Text(since));
        update.Parameters.AddWithValue("$attempts", attempts);
        update.Parameters.AddWithValue("$skew", clockSkew is { } skew ? (long)skew.TotalMilliseconds : DBNull.Value);
        update.Parameters.AddWithValue("$seq", sequence);
        update.ExecuteNonQuery();
    }

    /// <summary>Every dead letter, oldest first.</summary>
    public IReadOnlyList<OutboxDeadLetter> DeadLetters() => ReadDeadLetters("dead_reason IS NOT NULL", null);

    /// <summary>The dead letter with this sequence number, or null when the entry is waiting or gone.</summary>
    public OutboxDeadLetter? DeadLetter(long sequence) => ReadDeadLetters("dead_reason IS NOT NULL AND seq = $seq", sequence).SingleOrDefault();

    public int DeadLetterCount() => CountWhere("dead_reason IS NOT NULL");

    /// <summary>Notes that the cluster has the dead letter's report, so it is not sent again.</summary>
    public void MarkReported(long sequence, DateTimeOffset at)
    {
        using var connection = Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE outbox SET reported_at = $at WHERE seq = $seq AND dead_reason IS NOT NULL";
        update.Parameters.AddWithValue("$at", Text(at));
        update.Parameters.AddWithValue("$seq", sequence);
        update.ExecuteNonQuery();
    }

    private List<OutboxDeadLetter> ReadDeadLetters(string condition, long? sequence)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT {EntryColumns}, dead_reason, dead_message, dead_since, attempts, clock_skew_ms, reported_at
            FROM outbox WHERE {condition} ORDER BY seq
            """;
        if (sequence is { } seq)
        {
            select.Parameters.AddWithValue("$seq", seq);
        }
        using var reader = select.ExecuteReader();
        var letters = new List<OutboxDeadLetter>();
        while (reader.Read())
        {
            letters.Add(new OutboxDeadLetter(reader.GetInt64(0), reader.GetString(1), ReadPurchase(reader), ParseTime(reader.GetString(8)),
                reader.GetString(10), reader.GetString(11), ParseTime(reader.GetString(12)), reader.GetInt32(13),
                reader.IsDBNull(14) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(14)),
                reader.IsDBNull(15) ? null : ParseTime(reader.GetString(15))));
        }
        return letters;
    }
}
