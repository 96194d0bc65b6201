using RetentionActors.Domain.Ledger;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// The customer as this activation holds it: the document (null until enrolled), the points account, the keys of the
/// operations done, and what the store has for the sweeps. Changed by <see cref="Apply"/> as each commit is staged, so a
/// decision sees every one decided before it, durable or not.
/// </summary>
internal sealed class CustomerMemory
{
    // What the store has (or is being given) about this customer for the sweeps.
    private MaintenanceDue _due = MaintenanceDue.Nothing;

    public CustomerDocument? Document { get; private set; }
    public PointsAccount Account { get; private init; } = new();
    public OperationKeys Operations { get; private init; } = new();
    public SnapshotSchedule Snapshots { get; private init; } = new(0);

    /// <summary>The lot timing of the program rules last read; null until this activation read them.</summary>
    public LotTiming? Timing { get; set; }

    public static CustomerMemory Load(StoredCustomer? stored) => stored is null ? new CustomerMemory() : new CustomerMemory
    {
        Document = stored.Document,
        Account = stored.Snapshot is { } snapshot
            ? PointsAccount.Restore(snapshot, stored.Entries, stored.EarlierEntries)
            : PointsAccount.Replay(stored.Entries),
        Operations = new OperationKeys(stored.OperationKeys, stored.OperationKeysSince),
        Snapshots = new SnapshotSchedule(stored.Snapshot?.LastSeq ?? 0),
        _due = stored.Due,
    };

    /// <summary>Applies what <paramref name="commit"/> writes: its entries, its operation key, its document when it has one.</summary>
    public void Apply(CustomerCommit commit)
    {
        foreach (var entry in commit.Entries)
        {
            Account.Apply(entry);
        }
        if (commit.OperationKey is { } key)
        {
            Operations.Add(key);
        }
        Document = commit.Document ?? Document;
    }

    /// <summary>Whether the due times the store has differ from what memory says (a customer filled in by a schema step).</summary>
    public bool DueIsStale(DateTimeOffset now) => CurrentDue(now) != _due;

    /// <summary>The due times to store with the commit being staged; null when the store already has them.</summary>
    public MaintenanceDue? DueChange(DateTimeOffset now)
    {
        var due = CurrentDue(now);
        if (due == _due)
        {
            return null;
        }
        _due = due;
        return due;
    }

    // What the sweeps should look for, from the state in memory (every call that adds points reads the timing).
    private MaintenanceDue CurrentDue(DateTimeOffset now) => Document is null ? MaintenanceDue.Nothing : new MaintenanceDue(
        CustomerMaintenance.PointsExpireAt(Account, Timing, _due.PointsExpireAt, now),
        Document.Tier?.ReviewAt,
        MaintenanceDue.BirthdayKey(Document.Profile.Birthday));
}
