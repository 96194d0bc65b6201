using System.Data.Common;
using RetentionActors.Grains.Audit;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// Adjustments waiting for a second operator in the <c>adjustment_approvals</c> table (SQLite or PostgreSQL). A change
/// made for an audited back-office call writes its audit row in the same transaction.
/// </summary>
public sealed class SqlAdjustmentApprovalStore(SqlDatabase database) : IAdjustmentApprovalStore
{
    private const string Columns =
        "approval_id, customer_id, reference, points, reason, requested_by, requested_utc, status, decided_by, decided_utc, decision_note";

    public async Task<AdjustmentApproval> AddOrGetAsync(AdjustmentApproval request, CancellationToken cancellationToken = default)
    {
        // The (customer, reference) key decides between two operators asking at once: the first insert wins.
        var audit = AuditContext.RecordForCurrentCall();
        await database.Writer.WriteAsync(writer =>
        {
            var added = writer
                .Command($"""
                    INSERT INTO adjustment_approvals ({Columns})
                    VALUES (@id, @customer, @reference, @points, @reason, @by, @at, @status, NULL, NULL, NULL)
                    ON CONFLICT DO NOTHING
                    """)
                .With("id", request.Id)
                .With("customer", request.CustomerId)
                .With("reference", request.Reference)
                .With("points", request.Points)
                .With("reason", request.Reason)
                .With("by", request.RequestedBy)
                .With("at", database.Utc(request.RequestedAt))
                .With("status", ApprovalStatus.Pending.ToString())
                .ExecuteNonQuery();
            if (added == 1)
            {
                SqlAuditRows.Insert(writer, database, audit);
            }
        });
        return await FindByReferenceAsync(request.CustomerId, request.Reference, cancellationToken)
            ?? throw new InvalidOperationException($"Approval {request.Id} was written but cannot be read back.");
    }

    public async Task<AdjustmentApproval?> FindAsync(string approvalId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM adjustment_approvals WHERE approval_id = @id", q => q.With("id", approvalId), cancellationToken))
            .SingleOrDefault();

    public async Task<AdjustmentApproval?> FindByReferenceAsync(string customerId, string reference, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM adjustment_approvals WHERE customer_id = @customer AND reference = @reference",
            q => q.With("customer", customerId).With("reference", reference), cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<AdjustmentApproval>> ListAsync(ApprovalStatus? status, int take, CancellationToken cancellationToken = default) =>
        status is { } only
            ? QueryAsync($"SELECT {Columns} FROM adjustment_approvals WHERE status = @status ORDER BY requested_utc DESC, approval_id LIMIT @take",
                q => q.With("status", only.ToString()).With("take", take), cancellationToken)
            : QueryAsync($"SELECT {Columns} FROM adjustment_approvals ORDER BY requested_utc DESC, approval_id LIMIT @take",
                q => q.With("take", take), cancellationToken);

    public async Task<bool> DecideAsync(
        string approvalId, ApprovalStatus decision, string decidedBy, DateTimeOffset at, string? note, CancellationToken cancellationToken = default)
    {
        if (decision is not (ApprovalStatus.Approved or ApprovalStatus.Rejected))
        {
            throw new ArgumentOutOfRangeException(nameof(decision), decision, "A decision approves or rejects.");
        }
        var decided = 0;
        var audit = AuditContext.RecordForCurrentCall();
        await database.Writer.WriteAsync(writer =>
        {
            decided = writer
                .Command("""
                    UPDATE adjustment_approvals SET status = @decision, decided_by = @by, decided_utc = @at, decision_note = @note
                    WHERE approval_id = @id AND status = @pending
                    """)
                .With("decision", decision.ToString())
                .With("by", decidedBy)
                .With("at", database.Utc(at))
                .With("note", note)
                .With("id", approvalId)
                .With("pending", ApprovalStatus.Pending.ToString())
                .ExecuteNonQuery();
            if (decided == 1)
            {
                SqlAuditRows.Insert(writer, database, audit);
            }
        });
        return decided == 1;
    }

    public async Task<bool> MarkDeclinedAsync(string approvalId, string message, CancellationToken cancellationToken = default)
    {
        var marked = 0;
        var audit = AuditContext.RecordForCurrentCall();
        await database.Writer.WriteAsync(writer =>
        {
            marked = writer
                .Command("UPDATE adjustment_approvals SET status = @declined, decision_note = @note WHERE approval_id = @id AND status = @approved")
                .With("declined", ApprovalStatus.Declined.ToString())
                .With("note", message)
                .With("id", approvalId)
                .With("approved", ApprovalStatus.Approved.ToString())
                .ExecuteNonQuery();
            if (marked == 1)
            {
                SqlAuditRows.Insert(writer, database, audit);
            }
        });
        return marked == 1;
    }

    private async Task<IReadOnlyList<AdjustmentApproval>> QueryAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenRead();
        await using var query = connection.CreateCommand();
        query.CommandText = sql;
        bind(query);
        var approvals = new List<AdjustmentApproval>();
        await using var row = await query.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            approvals.Add(Read(row));
        }
        return approvals;
    }

    private AdjustmentApproval Read(DbDataReader row) =>
        new(row.GetString(0), row.GetString(1), row.GetString(2), row.GetInt64(3), row.GetString(4), row.GetString(5), database.ReadUtc(row, 6))
        {
            Status = Enum.Parse<ApprovalStatus>(row.GetString(7)),
            DecidedBy = row.NullableString(8),
            DecidedAt = row.IsDBNull(9) ? null : database.ReadUtc(row, 9),
            DecisionNote = row.NullableString(10),
        };
}
