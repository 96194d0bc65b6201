using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Audit;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Audit;

/// <summary>
/// Four eyes on large corrections. An adjustment above the program's approval threshold (the customer grain
/// declines it with <see cref="DeclineReason.SecondOperatorRequired"/>) is recorded as pending instead; another
/// admin or approver accepts it in their own session, and only then does the grain adjust, naming both on the
/// ledger entry. Accepting is claimed in the database first, so two approvers accepting at once adjust once,
/// and an accept that failed half-way is completed by accepting again.
/// </summary>
public sealed class AdjustmentApprovals(IGrainFactory grains, IAdjustmentApprovalStore store, AuditLog audit, TimeProvider clock)
{
    /// <summary>What accepting an approval did: the approval as it now stands and the grain's answer.</summary>
    public sealed record ApprovalOutcome(AdjustmentApproval Approval, AdjustmentResult Result);

    /// <summary>Adjusts at once when the program allows one operator to; otherwise records the adjustment as waiting for a second.</summary>
    public async Task<Results<Ok<AdjustmentResult>, Accepted<AdjustmentApproval>, ProblemHttpResult>> AdjustOrAskAsync(
        string customerId, Adjustment adjustment, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await store.FindByReferenceAsync(customerId, adjustment.Reference, cancellationToken) is { } earlier)
        {
            return await AskedBeforeAsync(earlier, adjustment, user);
        }
        // The customer's commit carries the audit row of the adjustment.
        var adjust = audit.Intend("adjust", customerId, Describe(adjustment.Points, adjustment.Reference, adjustment.Reason));
        AdjustmentResult result;
        using (AuditContext.Begin(adjust))
        {
            result = await grains.GetGrain<ICustomerCareGrain>(customerId).AdjustAsync(adjustment);
        }
        if (result.Declined?.Reason == DeclineReason.SecondOperatorRequired)
        {
            var asked = new AdjustmentApproval(NewId(), customerId, adjustment.Reference, adjustment.Points, adjustment.Reason, adjustment.OperatorId, clock.GetUtcNow());
            AdjustmentApproval stored;
            // The approval's insert carries the audit row of the request.
            using (AuditContext.Begin(audit.Intend("request-adjustment", customerId, Describe(asked), $"awaiting approval {asked.Id}")))
            {
                stored = await store.AddOrGetAsync(asked, cancellationToken);
            }
            if (stored.Id != asked.Id)
            {
                // Someone asked with the same reference a moment before.
                return await AskedBeforeAsync(stored, adjustment, user);
            }
            return TypedResults.Accepted($"/api/approvals/{stored.Id}", stored);
        }
        await audit.RecordAsync(user, adjust, result.Declined?.Reason.ToString() ?? (result.Replayed ? "replayed" : "done"));
        return result.Declined is { } declined ? Problems.Declined(declined) : TypedResults.Ok(result);
    }

    /// <summary>Accepts a pending adjustment as <paramref name="user"/>, who must not be the operator who asked for it.</summary>
    public async Task<Results<Ok<ApprovalOutcome>, NotFound, ProblemHttpResult>> ApproveAsync(string approvalId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(approvalId, cancellationToken) is not { } approval)
        {
            return TypedResults.NotFound();
        }
        var approver = user.Identity!.Name!;
        if (approval.RequestedBy == approver)
        {
            return TypedResults.Problem($"{approver} asked for this adjustment and cannot also approve it: another admin or approver must.",
                statusCode: StatusCodes.Status403Forbidden, title: "Four eyes");
        }
        if (approval.Status == ApprovalStatus.Pending)
        {
            // Only one decision wins, with its audit row; whoever lost reads the winner's, below, and says so.
            var decide = audit.Intend("approve-adjustment", approval.CustomerId, Describe(approval), "approved");
            bool decided;
            using (AuditContext.Begin(decide))
            {
                decided = await store.DecideAsync(approvalId, ApprovalStatus.Approved, approver, clock.GetUtcNow(), null, cancellationToken);
            }
            approval = await store.FindAsync(approvalId, cancellationToken) ?? approval;
            if (!decided)
            {
                await audit.RecordAsync(user, decide, $"already {approval.Status.ToString().ToLowerInvariant()} by {approval.DecidedBy}");
            }
        }
        if (approval.Status != ApprovalStatus.Approved)
        {
            return Closed(approval);
        }

        var (result, adjust) = await ApplyAsync(approval);
        if (result.Declined is { } declined)
        {
            // The approval's change of status carries the adjustment's row, saying why nothing moved.
            using (AuditContext.Begin(adjust with { Outcome = $"declined: {declined.Reason}" }))
            {
                await store.MarkDeclinedAsync(approvalId, declined.Message, cancellationToken);
            }
            await audit.RecordAsync(user, adjust, $"declined: {declined.Reason}");
            return Problems.Declined(declined);
        }
        await audit.RecordAsync(user, adjust, result.Replayed ? "replayed" : "done");
        return TypedResults.Ok(new ApprovalOutcome(approval, result));
    }

    /// <summary>Refuses a pending adjustment, with a reason; the operator who asked may withdraw it this way too.</summary>
    public async Task<Results<Ok<AdjustmentApproval>, NotFound, ProblemHttpResult>> RejectAsync(
        string approvalId, string reason, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        Require.Text(reason, nameof(reason), 500);
        if (await store.FindAsync(approvalId, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        var approval = (await store.FindAsync(approvalId, cancellationToken))!;
        // The decision carries the audit row; a decision that came too late gets one saying so.
        var reject = audit.Intend("reject-adjustment", approval.CustomerId, Describe(approval), "rejected: " + reason);
        bool rejected;
        using (AuditContext.Begin(reject))
        {
            rejected = await store.DecideAsync(approvalId, ApprovalStatus.Rejected, user.Identity!.Name!, clock.GetUtcNow(), reason, cancellationToken);
        }
        approval = (await store.FindAsync(approvalId, cancellationToken))!;
        if (!rejected)
        {
            await audit.RecordAsync(user, reject, $"already {approval.Status.ToString().ToLowerInvariant()} by {approval.DecidedBy}");
            return Closed(approval);
        }
        return TypedResults.Ok(approval);
    }

    // The same reference again: the same request is answered as it stands; a different one is a conflict.
    private async Task<Results<Ok<AdjustmentResult>, Accepted<AdjustmentApproval>, ProblemHttpResult>> AskedBeforeAsync(
        AdjustmentApproval earlier, Adjustment adjustment, ClaimsPrincipal user)
    {
        if (earlier.Points != adjustment.Points || earlier.Reason != adjustment.Reason)
        {
            return TypedResults.Problem(
                $"Reference {earlier.Reference} was already used for {Describe(earlier)}, asked by {earlier.RequestedBy}; use a new reference for a different adjustment.",
                statusCode: StatusCodes.Status409Conflict, title: "Reference in use");
        }
        switch (earlier.Status)
        {
            case ApprovalStatus.Pending:
                return TypedResults.Accepted($"/api/approvals/{earlier.Id}", earlier);
            case ApprovalStatus.Approved:
                // An accept that failed before the grain adjusted is completed now, as the approver decided.
                var (result, adjust) = await ApplyAsync(earlier);
                await audit.RecordAsync(user, adjust, result.Declined?.Reason.ToString() ?? (result.Replayed ? "replayed" : "done"));
                return result.Declined is { } declined ? Problems.Declined(declined) : TypedResults.Ok(result);
            default:
                return Closed(earlier);
        }
    }

    /// <summary>Adjusts as <paramref name="approval"/> says; the customer's commit carries the audit row of the returned intent.</summary>
    private async Task<(AdjustmentResult Result, AuditIntent Intent)> ApplyAsync(AdjustmentApproval approval)
    {
        var adjust = audit.Intend("adjust", approval.CustomerId, Describe(approval));
        using (AuditContext.Begin(adjust))
        {
            return (await grains.GetGrain<ICustomerCareGrain>(approval.CustomerId).AdjustAsync(
                new Adjustment(approval.Reference, approval.Points, approval.Reason, approval.RequestedBy) { ApprovedBy = approval.DecidedBy }), adjust);
        }
    }

    private static ProblemHttpResult Closed(AdjustmentApproval approval) => TypedResults.Problem(approval.Status switch
    {
        ApprovalStatus.Rejected => $"Approval {approval.Id} was rejected by {approval.DecidedBy} on {approval.DecidedAt:yyyy-MM-dd HH:mm} UTC: {approval.DecisionNote}",
        ApprovalStatus.Declined => $"Approval {approval.Id} was approved by {approval.DecidedBy}, but the adjustment was declined: {approval.DecisionNote}",
        _ => $"Approval {approval.Id} was already approved by {approval.DecidedBy} on {approval.DecidedAt:yyyy-MM-dd HH:mm} UTC.",
    }, statusCode: StatusCodes.Status409Conflict, title: $"Already {approval.Status.ToString().ToLowerInvariant()}");

    private static string Describe(AdjustmentApproval approval) =>
        Describe(approval.Points, approval.Reference, approval.Reason)
        + $"; asked by {approval.RequestedBy}" + (approval.DecidedBy is { } by ? $", {approval.Status.ToString().ToLowerInvariant()} by {by}" : "")
        + $" (approval {approval.Id})";

    private static string Describe(long points, string reference, string reason) =>
        string.Create(CultureInfo.InvariantCulture, $"{points:+#;-#} points, ref {reference}: {reason}");

    private static string NewId() => "adj-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..20];
}
