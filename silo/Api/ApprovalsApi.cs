using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Api;

/// <summary>Adjustments waiting for a second operator: listed, accepted or rejected by admins and approvers (<see cref="AdjustmentApprovals"/>).</summary>
public static class ApprovalsApi
{
    public sealed record RejectRequest(string Reason);

    public static RouteGroupBuilder MapApprovalsApi(this RouteGroupBuilder api)
    {
        var approvals = api.MapGroup("/approvals").RequireAuthorization(BackOfficeTokens.ApprovePolicy);
        approvals.MapGet("/", ListAsync).WithSummary("Adjustments waiting for (or decided by) a second operator, newest first; status Pending by default, or all.");
        approvals.MapGet("/{approvalId}", GetAsync).WithSummary("One adjustment approval: who asked, when, customer, points, reason, reference, and the decision.");
        approvals.MapPost("/{approvalId}/approve", ApproveAsync)
            .WithSummary("Accepts a pending adjustment: the points move, naming both operators. Not by the operator who asked; accepting twice adjusts once.");
        approvals.MapPost("/{approvalId}/reject", RejectAsync).WithSummary("Refuses a pending adjustment, with a reason; nothing moves.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<AdjustmentApproval>>, ValidationProblem>> ListAsync(
        string? status, int? take, IAdjustmentApprovalStore store, CancellationToken cancellationToken)
    {
        ApprovalStatus? only = ApprovalStatus.Pending;
        if (string.Equals(status, "all", StringComparison.OrdinalIgnoreCase))
        {
            only = null;
        }
        else if (status is not null)
        {
            // By name only: Enum.TryParse also takes numbers and lists ("1" and "Pending,Approved" would be Approved).
            if (Enum.GetNames<ApprovalStatus>().FirstOrDefault(name => string.Equals(name, status, StringComparison.OrdinalIgnoreCase)) is not { } name)
            {
                return Problems.Invalid("status", "status is Pending, Approved, Rejected, Declined or all.");
            }
            only = Enum.Parse<ApprovalStatus>(name);
        }
        if (take is < 1 or > 1000)
        {
            return Problems.Invalid("take", "take is 1 to 1000.");
        }
        return TypedResults.Ok(await store.ListAsync(only, take ?? 100, cancellationToken));
    }

    private static async Task<Results<Ok<AdjustmentApproval>, NotFound>> GetAsync(string approvalId, IAdjustmentApprovalStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(approvalId, cancellationToken) is { } approval ? TypedResults.Ok(approval) : TypedResults.NotFound();

    private static Task<Results<Ok<AdjustmentApprovals.ApprovalOutcome>, NotFound, ProblemHttpResult>> ApproveAsync(
        string approvalId, AdjustmentApprovals approvals, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        approvals.ApproveAsync(approvalId, user, cancellationToken);

    private static Task<Results<Ok<AdjustmentApproval>, NotFound, ProblemHttpResult>> RejectAsync(
        string approvalId, RejectRequest request, AdjustmentApprovals approvals, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        approvals.RejectAsync(approvalId, request.Reason, user, cancellationToken);
}
