using RetentionActors.Domain.Ledger;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// When a commit carries a new snapshot of the account: once the entries after the stored one pass <see cref="After"/>, so
/// an activation reads at most about that many entries and the snapshot is written about once per that many.
/// </summary>
public sealed class SnapshotSchedule(long coveredSeq)
{
    /// <summary>How many ledger entries may follow the stored snapshot before a commit writes a new one.</summary>
    public const int After = 64;

    // The ledger sequence the stored snapshot (or the one on its way there) covers; 0: none.
    private long _coveredSeq = coveredSeq;

    /// <summary>The account as of now when a new snapshot is due (it then goes with the commit being staged); else null.</summary>
    public AccountSnapshot? Due(PointsAccount account)
    {
        if (account.LastSeq - _coveredSeq <= After)
        {
            return null;
        }
        _coveredSeq = account.LastSeq;
        return account.ToSnapshot();
    }
}
