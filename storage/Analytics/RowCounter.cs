namespace RetentionActors.Storage.Analytics;

/// <summary>
/// How many rows the back office's queries handed to the silo. Tests read it to show that a report or list reads a
/// bounded number of rows (or one row at a time), however many customers the store holds.
/// </summary>
public sealed class RowCounter
{
    private long _rows;

    /// <summary>Rows read so far.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    internal void Add(long rows = 1) => Interlocked.Add(ref _rows, rows);
}
