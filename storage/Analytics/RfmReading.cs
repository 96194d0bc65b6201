using System.Data.Common;

namespace RetentionActors.Storage.Analytics;

/// <summary>
/// One RFM reading: the segment counts, read at once, and the customers, read one row at a time as they are enumerated
/// (once), from the same snapshot, so the counts add up to the customers listed. Holds its connection until disposed.
/// </summary>
public sealed class RfmReading(DbConnection connection, DbTransaction snapshot, DbCommand query, DbDataReader rows, IReadOnlyList<RfmSegmentCount> segments, IAsyncEnumerable<RfmCustomer> customers) : IAsyncDisposable
{
    public IReadOnlyList<RfmSegmentCount> Segments { get; } = segments;

    public IAsyncEnumerable<RfmCustomer> Customers { get; } = customers;

    public async ValueTask DisposeAsync()
    {
        await rows.DisposeAsync();
        await query.DisposeAsync();
        await snapshot.DisposeAsync();
        await connection.DisposeAsync();
    }
}
