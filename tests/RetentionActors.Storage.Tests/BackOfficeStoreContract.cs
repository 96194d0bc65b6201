using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

/// <summary>What the operator and approval stores must do, written once and run on SQLite and PostgreSQL.</summary>
public abstract class BackOfficeStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    protected abstract SqlDatabase Database { get; }

    private IOperatorStore Operators => new SqlOperatorStore(Database);

    private IAdjustmentApprovalStore Approvals => new SqlAdjustmentApprovalStore(Database);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    private static OperatorSession Session(string name, OperatorRole role, bool bootstrap = false, DateTimeOffset? expires = null) =>
        new(Guid.NewGuid().ToString("N"), name, role, bootstrap, At, expires ?? At.AddHours(8));

    [Fact]
    public async Task An_operator_is_stored_once_and_found_with_the_hash_of_its_secret()
    {
        var name = NewName("op");
        var maria = new BackOfficeOperator(name, OperatorRole.Approver, At, "admin");

        var added = await Operators.AddAsync(maria, "hash-1", Ct);
        var again = await Operators.AddAsync(maria with { Role = OperatorRole.Admin }, "hash-2", Ct);

        Assert.Equal((true, false), (added, again));
        Assert.Equal((maria, "hash-1"), await Operators.FindForLoginAsync(name, Ct));
        Assert.Equal(maria, await Operators.FindAsync(name, Ct));
        Assert.Contains(maria, await Operators.ListAsync(Ct));
        Assert.True(await Operators.AnyAsync(Ct));
        Assert.Null(await Operators.FindForLoginAsync(NewName("nobody"), Ct));
    }

    [Fact]
    public async Task Disabling_an_operator_revokes_its_sessions_and_no_one_elses_and_happens_once()
    {
        var (name, other) = (NewName("op"), NewName("op"));
        await Operators.AddAsync(new BackOfficeOperator(name, OperatorRole.Admin, At, "admin"), "h", Ct);
        await Operators.AddAsync(new BackOfficeOperator(other, OperatorRole.Admin, At, "admin"), "h", Ct);
        var (mine, theirs) = (Session(name, OperatorRole.Admin), Session(other, OperatorRole.Admin));
        await Operators.AddSessionAsync(mine, Ct);
        await Operators.AddSessionAsync(theirs, Ct);

        var disabled = await Operators.DisableAsync(name, "boss", At.AddMinutes(5), Ct);
        var again = await Operators.DisableAsync(name, "boss", At.AddMinutes(6), Ct);

        Assert.Equal((true, false), (disabled, again));
        Assert.Equal((At.AddMinutes(5), "boss"), ((await Operators.FindAsync(name, Ct))!.DisabledAt, (await Operators.FindAsync(name, Ct))!.DisabledBy));
        var found = await Operators.FindSessionAsync(mine.SessionHash, Ct);
        Assert.Equal((At.AddMinutes(5), At.AddMinutes(5)), (found!.RevokedAt, found.OperatorDisabledAt));
        Assert.Equal(theirs, await Operators.FindSessionAsync(theirs.SessionHash, Ct));
        Assert.False(await Operators.DisableAsync(NewName("nobody"), "boss", At, Ct));
    }

    [Fact]
    public async Task A_session_reads_back_with_its_operators_current_role_and_is_revoked_once()
    {
        var name = NewName("op");
        await Operators.AddAsync(new BackOfficeOperator(name, OperatorRole.Analyst, At, "admin"), "h", Ct);
        var named = Session(name, OperatorRole.Admin);
        var bootstrap = Session("admin", OperatorRole.Admin, bootstrap: true);
        var orphan = Session(NewName("gone"), OperatorRole.Admin);
        await Operators.AddSessionAsync(named, Ct);
        await Operators.AddSessionAsync(bootstrap, Ct);
        await Operators.AddSessionAsync(orphan, Ct);

        // The operator's row decides a named session's role; a bootstrap session keeps its own; no row, no session.
        Assert.Equal(named with { Role = OperatorRole.Analyst }, await Operators.FindSessionAsync(named.SessionHash, Ct));
        Assert.Equal(bootstrap, await Operators.FindSessionAsync(bootstrap.SessionHash, Ct));
        Assert.Null(await Operators.FindSessionAsync(orphan.SessionHash, Ct));
        Assert.Null(await Operators.FindSessionAsync("no-such-session", Ct));

        var revoked = await Operators.RevokeSessionAsync(bootstrap.SessionHash, At.AddHours(1), Ct);
        var again = await Operators.RevokeSessionAsync(bootstrap.SessionHash, At.AddHours(2), Ct);

        Assert.Equal((true, false), (revoked, again));
        Assert.Equal(At.AddHours(1), (await Operators.FindSessionAsync(bootstrap.SessionHash, Ct))!.RevokedAt);
        Assert.Null((await Operators.FindSessionAsync(named.SessionHash, Ct))!.RevokedAt);
    }

    [Fact]
    public async Task Expired_sessions_are_forgotten_and_current_ones_kept()
    {
        var name = NewName("op");
        await Operators.AddAsync(new BackOfficeOperator(name, OperatorRole.Admin, At, "admin"), "h", Ct);
        var old = Session(name, OperatorRole.Admin, expires: At.AddYears(-30));
        var current = Session(name, OperatorRole.Admin, expires: At.AddYears(30));
        await Operators.AddSessionAsync(old, Ct);
        await Operators.AddSessionAsync(current, Ct);

        await Operators.DeleteSessionsExpiredBeforeAsync(At.AddYears(-29), Ct);

        Assert.Null(await Operators.FindSessionAsync(old.SessionHash, Ct));
        Assert.Equal(current, await Operators.FindSessionAsync(current.SessionHash, Ct));
    }

    [Fact]
    public async Task An_approval_is_kept_once_per_customer_and_reference_and_decided_once()
    {
        var customer = NewName("c");
        var asked = new AdjustmentApproval(NewName("adj"), customer, "BIG-1", 600, "Compensation", "maria", At);

        var first = await Approvals.AddOrGetAsync(asked, Ct);
        var second = await Approvals.AddOrGetAsync(asked with { Id = NewName("adj"), RequestedBy = "other", Points = 9 }, Ct);

        Assert.Equal((asked, asked), (first, second));
        Assert.Equal(asked, await Approvals.FindAsync(asked.Id, Ct));
        Assert.Contains(asked, await Approvals.ListAsync(ApprovalStatus.Pending, 1000, Ct));

        var approved = await Approvals.DecideAsync(asked.Id, ApprovalStatus.Approved, "bob", At.AddMinutes(1), null, Ct);
        var rejected = await Approvals.DecideAsync(asked.Id, ApprovalStatus.Rejected, "carol", At.AddMinutes(2), "no", Ct);

        Assert.Equal((true, false), (approved, rejected));
        var decided = asked with { Status = ApprovalStatus.Approved, DecidedBy = "bob", DecidedAt = At.AddMinutes(1) };
        Assert.Equal(decided, await Approvals.FindByReferenceAsync(customer, "BIG-1", Ct));
        Assert.DoesNotContain(await Approvals.ListAsync(ApprovalStatus.Pending, 1000, Ct), a => a.Id == asked.Id);
        Assert.Contains(decided, await Approvals.ListAsync(null, 1000, Ct));
        Assert.Null(await Approvals.FindByReferenceAsync(customer, "BIG-2", Ct));
    }

    [Fact]
    public async Task Only_an_approved_adjustment_can_be_marked_declined_and_a_rejection_keeps_its_reason()
    {
        var asked = new AdjustmentApproval(NewName("adj"), NewName("c"), "NEG-1", -600, "Fraud", "maria", At);
        var other = asked with { Id = NewName("adj"), CustomerId = NewName("c") };
        await Approvals.AddOrGetAsync(asked, Ct);
        await Approvals.AddOrGetAsync(other, Ct);

        var whilePending = await Approvals.MarkDeclinedAsync(asked.Id, "not enough points", Ct);
        await Approvals.DecideAsync(asked.Id, ApprovalStatus.Approved, "bob", At.AddMinutes(1), null, Ct);
        var onceApproved = await Approvals.MarkDeclinedAsync(asked.Id, "not enough points", Ct);
        var rejected = await Approvals.DecideAsync(other.Id, ApprovalStatus.Rejected, "bob", At.AddMinutes(2), "Wrong customer", Ct);

        Assert.Equal((false, true, true), (whilePending, onceApproved, rejected));
        Assert.Equal((ApprovalStatus.Declined, "bob", "not enough points"),
            ((await Approvals.FindAsync(asked.Id, Ct))!.Status, (await Approvals.FindAsync(asked.Id, Ct))!.DecidedBy, (await Approvals.FindAsync(asked.Id, Ct))!.DecisionNote));
        Assert.Equal(other with { Status = ApprovalStatus.Rejected, DecidedBy = "bob", DecidedAt = At.AddMinutes(2), DecisionNote = "Wrong customer" },
            await Approvals.FindAsync(other.Id, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Approvals.DecideAsync(other.Id, ApprovalStatus.Pending, "bob", At, null, Ct));
    }
}

public sealed class SqliteBackOfficeStoreTests(SqliteFixture fixture) : BackOfficeStoreContract, IClassFixture<SqliteFixture>
{
    protected override SqlDatabase Database => fixture.Database;
}

public sealed class PostgresBackOfficeStoreTests(PostgresFixture fixture) : BackOfficeStoreContract, IClassFixture<PostgresFixture>
{
    protected override SqlDatabase Database => fixture.Require();
}
