using System.Globalization;
using RetentionActors.Domain.Uplift;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Uplift;

/// <summary>Both groups of a targeted action, measured over a window, and what the action gave the treated group.</summary>
public sealed record HoldoutMeasurement(GroupOutcome Treated, GroupOutcome HeldOut, decimal Granted, long BonusPoints, DateTimeOffset? FirstAssigned);

/// <summary>
/// The <c>holdout_assignments</c> table: who a targeted action reached, in which group, and the set-based measurement of
/// both groups against the ledger (nothing per customer in silo memory).
/// </summary>
public sealed class SqlHoldouts(SqlDatabase database)
{
    private const string InsertSql = """
        INSERT INTO holdout_assignments (action, customer_id, held_out, assigned_utc, granted)
        VALUES (@action, @customer, @held_out, @assigned, 0) ON CONFLICT (action, customer_id) DO NOTHING
        """;

    /// <summary>Inside a customer's commit: records the assignment unless one is there (the first stands).</summary>
    internal static void Insert(GroupCommitWriter writer, SqlDatabase database, string customerId, HoldoutAssignment assignment) =>
        writer.Defer(InsertSql)
            .With("action", assignment.Action)
            .With("customer", customerId)
            .With("held_out", assignment.HeldOut ? 1 : 0)
            .With("assigned", database.Utc(assignment.AssignedAt))
            .Run();

    /// <summary>
    /// Records the customer's group unless one is recorded, and returns the recorded one: a repeated or retried action
    /// keeps the group it first gave, even if its holdout percentage changed in between.
    /// </summary>
    public async Task<HoldoutAssignment> AssignAsync(string customerId, HoldoutAssignment assignment, CancellationToken cancellationToken = default)
    {
        await database.Writer.WriteAsync(w => Insert(w, database, customerId, assignment));
        await using var connection = database.OpenRead();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT held_out, assigned_utc FROM holdout_assignments WHERE action = @action AND customer_id = @customer";
        command.With("action", assignment.Action).With("customer", customerId);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        if (!await row.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"The holdout assignment of {customerId} to {assignment.Action} was written but is not there.");
        }
        return new HoldoutAssignment(assignment.Action, Convert.ToInt32(row.GetValue(0), CultureInfo.InvariantCulture) == 1, database.ReadUtc(row, 1));
    }

    /// <summary>Records what a treated customer was given (a coupon's value), once it is given; the same value again changes nothing.</summary>
    public Task RecordGrantedAsync(string action, string customerId, decimal granted) =>
        database.Writer.WriteAsync(w => w.Command("UPDATE holdout_assignments SET granted = @granted WHERE action = @action AND customer_id = @customer AND held_out = 0")
            .With("granted", granted).With("action", action).With("customer", customerId).ExecuteNonQuery());

    /// <summary>
    /// Each group's customers, how many bought again between their assignment and <paramref name="until"/>, their purchases
    /// and net spend (purchases less refunds) in that window as sums and sums of squares; and what the treated group was
    /// given: the recorded grants and, for a campaign, the net points of ledger entries with <paramref name="bonusReason"/>.
    /// </summary>
    public async Task<HoldoutMeasurement> MeasureAsync(string action, DateTimeOffset until, string? bonusReason, CancellationToken cancellationToken = default)
    {
        await using var connection = database.OpenRead();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.held_out, COUNT(*),
                   SUM(CASE WHEN COALESCE(w.purchases, 0) > 0 THEN 1 ELSE 0 END),
                   SUM(COALESCE(w.purchases, 0)), SUM(COALESCE(w.purchases, 0) * COALESCE(w.purchases, 0)),
                   SUM(COALESCE(w.spend, 0)), SUM(COALESCE(w.spend, 0) * COALESCE(w.spend, 0)),
                   SUM(a.granted), MIN(a.assigned_utc)
            FROM holdout_assignments a
            LEFT JOIN (
                SELECT l.customer_id,
                       SUM(CASE WHEN l.kind = 'Purchase' THEN 1 ELSE 0 END) AS purchases,
                       SUM(CASE WHEN l.kind = 'Purchase' THEN l.amount ELSE -ABS(l.amount) END) AS spend
                FROM holdout_assignments g
                JOIN ledger l ON l.customer_id = g.customer_id
                WHERE g.action = @action AND l.kind IN ('Purchase', 'Refund') AND l.occurred_utc > g.assigned_utc AND l.occurred_utc <= @until
                GROUP BY l.customer_id
            ) w ON w.customer_id = a.customer_id
            WHERE a.action = @action
            GROUP BY a.held_out
            """;
        command.With("action", action).With("until", database.Utc(until));
        GroupOutcome treated = GroupOutcome.Empty, heldOut = GroupOutcome.Empty;
        var granted = 0m;
        DateTimeOffset? first = null;
        await using (var row = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await row.ReadAsync(cancellationToken))
            {
                var outcome = new GroupOutcome(Long(row.GetValue(1)), Long(row.GetValue(2)),
                    new Moments(Long(row.GetValue(1)), Double(row.GetValue(3)), Double(row.GetValue(4))),
                    new Moments(Long(row.GetValue(1)), Double(row.GetValue(5)), Double(row.GetValue(6))));
                var assigned = database.ReadUtc(row, 8);
                first = first is null || assigned < first ? assigned : first;
                if (Long(row.GetValue(0)) == 1)
                {
                    heldOut = outcome;
                }
                else
                {
                    treated = outcome;
                    granted = Convert.ToDecimal(row.GetValue(7), CultureInfo.InvariantCulture);
                }
            }
        }
        var bonus = bonusReason is null ? 0 : await BonusPointsAsync(connection, action, bonusReason, cancellationToken);
        return new HoldoutMeasurement(treated, heldOut, granted, bonus, first);
    }

    private static async Task<long> BonusPointsAsync(System.Data.Common.DbConnection connection, string action, string reason, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE(SUM(l.points), 0) FROM holdout_assignments a JOIN ledger l ON l.customer_id = a.customer_id
            WHERE a.action = @action AND a.held_out = 0 AND l.reason = @reason
            """;
        command.With("action", action).With("reason", reason);
        return Long(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static long Long(object? value) => value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double Double(object? value) => value is null or DBNull ? 0 : Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
