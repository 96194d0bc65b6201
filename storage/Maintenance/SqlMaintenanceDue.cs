using System.Data.Common;
using RetentionActors.Grains.Maintenance;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Maintenance;

/// <summary>
/// The <c>maintenance_due</c> table: per customer, its slot and what the maintenance sweeps look for
/// (<see cref="MaintenanceDue"/>), written in the customer's commit. Each kind of due has an index by slot, then time
/// (or birthday), then customer, so a sweep reads only the rows that are due.
/// </summary>
internal static class SqlMaintenanceDue
{
    /// <summary>The table, its indexes, and the step's deletion of the per-customer reminders it replaces.</summary>
    public static string CreateTable(string text, string time, string withoutRowId) => $"""
        CREATE TABLE maintenance_due (
            customer_id      {text} PRIMARY KEY,
            slot             integer NOT NULL, -- MaintenanceSlots.Of(customer_id)
            points_expire_at {time},           -- the soonest expiry of unspent points
            tier_review_at   {time},
            birthday         integer           -- month * 100 + day
        ){withoutRowId};
        CREATE INDEX maintenance_due_expiry ON maintenance_due (slot, points_expire_at, customer_id) WHERE points_expire_at IS NOT NULL;
        CREATE INDEX maintenance_due_review ON maintenance_due (slot, tier_review_at, customer_id) WHERE tier_review_at IS NOT NULL;
        CREATE INDEX maintenance_due_birthday ON maintenance_due (slot, birthday, customer_id) WHERE birthday IS NOT NULL;
        """;

    /// <summary>The time column a <see cref="DueReason"/> is found by.</summary>
    public static string Column(DueReason reason) => reason switch
    {
        DueReason.PointsExpiry => "points_expire_at",
        DueReason.TierReview => "tier_review_at",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a maintenance reason found by time."),
    };

    public static void Write(GroupCommitWriter writer, SqlDatabase database, string customerId, MaintenanceDue due) =>
        writer.Defer("""
                INSERT INTO maintenance_due (customer_id, slot, points_expire_at, tier_review_at, birthday)
                VALUES (@id, @slot, @expire, @review, @birthday)
                ON CONFLICT (customer_id) DO UPDATE
                SET points_expire_at = excluded.points_expire_at, tier_review_at = excluded.tier_review_at, birthday = excluded.birthday
                """)
            .With("id", customerId)
            .With("slot", MaintenanceSlots.Of(customerId))
            .With("expire", due.PointsExpireAt is { } expire ? database.Utc(expire) : null)
            .With("review", due.TierReviewAt is { } review ? database.Utc(review) : null)
            .With("birthday", due.Birthday)
            .Run();

    /// <summary>What the sweeps look for in the customer <c>@id</c>: read by <see cref="ReadRowAsync"/>.</summary>
    public const string Select = "SELECT points_expire_at, tier_review_at, birthday FROM maintenance_due WHERE customer_id = @id";

    /// <summary>The customer's row in the current result of <paramref name="row"/> (from <see cref="Select"/>); nothing due without one.</summary>
    public static async Task<MaintenanceDue> ReadRowAsync(DbDataReader row, SqlDatabase database, CancellationToken cancellationToken)
    {
        if (!await row.ReadAsync(cancellationToken))
        {
            return MaintenanceDue.Nothing;
        }
        return new MaintenanceDue(
            row.IsDBNull(0) ? null : database.ReadUtc(row, 0),
            row.IsDBNull(1) ? null : database.ReadUtc(row, 1),
            row.IsDBNull(2) ? null : Convert.ToInt32(row.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
    }
}
