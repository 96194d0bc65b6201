using RetentionActors.Domain.Ledger;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// When a commit carries a new snapshot of the account: once the entries after the stored one pass <see cref="After"/>, so
/// an activation reads at most about that many entries and the snapshot is written about once per that many. A large
/// account waits longer, an eighth of what its snapshot holds (<see cref="PointsAccount.SnapshotItems"/>, up to
/// <see cref="MostAfter"/>): a snapshot costs what it holds to build, serialise and write, so at a fixed interval a
/// customer's every sale cost more as their history grew (a busy card's thousands of open lots made the bench's rate fall
/// by a quarter within a minute), while an activation reads the snapshot anyway and the tail adds at most an eighth to it.
/// Past the cap the cost per entry grows again, at an eighth of the rate it did.
/// </summary>
public sealed class SnapshotSchedule(long coveredSeq)
{
    /// <summary>How many ledger entries may follow the stored snapshot before a commit writes a new one, at the least.</summary>
    public const int After = 64;

    /// <summary>A snapshot holding n items is followed by up to n / this many entries before the next.</summary>
    public const int SizeShare = 8;

    /// <summary>
    /// How many entries may follow a snapshot at the most, however large: restoring reads the earlier entries of the
    /// receipts the tail names by a filtered query only up to 4,000 receipts (a refund names two), and the whole ledger
    /// before the snapshot beyond that (SqlAccountSnapshots.EarlierEntriesAsync).
    /// </summary>
    public const int MostAfter = 2_000;

    // The ledger sequence the stored snapshot (or the one on its way there) covers; 0: none.
    private long _coveredSeq = coveredSeq;

    /// <summary>The account as of now when a new snapshot is due (it then goes with the commit being staged); else null.</summary>
    public AccountSnapshot? Due(PointsAccount account)
    {
        if (account.LastSeq - _coveredSeq <= Interval(account))
        {
            return null;
        }
        _coveredSeq = account.LastSeq;
        return account.ToSnapshot();
    }

    /// <summary>How many entries may follow the stored snapshot of <paramref name="account"/> before a commit writes a new one.</summary>
    public static int Interval(PointsAccount account) => IntervalFor(account.SnapshotItems);

    /// <summary>The interval for a snapshot of <paramref name="items"/> items (<see cref="PointsAccount.SnapshotItems"/>).</summary>
    public static int IntervalFor(int items) => Math.Clamp(items / SizeShare, After, MostAfter);
}
