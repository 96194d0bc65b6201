namespace RetentionActors.Storage.BackOffice;

/// <summary>The figures of the back office's home page, counted in the database however many members there are.</summary>
public interface IProgramGlance
{
    /// <summary>
    /// The figures as of <paramref name="now"/>: days from the first of the previous month (UTC) up to and including today,
    /// active members in the windows ending at <paramref name="now"/>, and what is open now.
    /// </summary>
    Task<GlanceCounts> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
