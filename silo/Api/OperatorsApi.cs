using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Grains.Audit;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Api;

/// <summary>
/// Named back-office operators, each with a role and a secret of their own, managed by admins. The silo makes
/// the secret and shows it once; the database keeps only its salted hash (<see cref="OperatorSecrets"/>).
/// Operators are disabled, never deleted, so the names on audit rows and ledger entries keep meaning someone.
/// </summary>
public static class OperatorsApi
{
    public sealed record OperatorRequest(string Name, OperatorRole Role);

    /// <summary>A new operator and its secret: the secret is shown here once and stored nowhere.</summary>
    public sealed record CreatedOperator(BackOfficeOperator Operator, string Secret);

    public static RouteGroupBuilder MapOperatorsApi(this RouteGroupBuilder api)
    {
        var operators = api.MapGroup("/operators").RequireAuthorization(BackOfficeTokens.ChangePolicy);
        operators.MapGet("/", ListAsync).WithSummary("Every operator, by name (never their secrets).");
        operators.MapPost("/", CreateAsync).WithSummary("Creates an operator with a role (admin, approver or analyst); the answer holds its secret, shown this once.");
        operators.MapPost("/{name}/disable", DisableAsync).WithSummary("Disables an operator: their sessions end at once, on every silo, and they cannot log in again.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<BackOfficeOperator>>> ListAsync(IOperatorStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<Results<Created<CreatedOperator>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        OperatorRequest request, IOperatorStore store, AuditLog audit, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var name = OperatorNames.Normalize(request.Name);
        OperatorNames.RequireValid(name);
        if (!Enum.IsDefined(request.Role))
        {
            return Problems.Invalid("role", "An operator's role is admin, approver or analyst.");
        }
        var secret = OperatorSecrets.NewSecret();
        var created = new BackOfficeOperator(name, request.Role, clock.GetUtcNow(), user.Identity!.Name!);
        // The operator's insert carries the audit row.
        var intent = audit.Intend("create-operator", name, BackOfficeTokens.RoleName(request.Role), "created");
        bool added;
        using (AuditContext.Begin(intent))
        {
            added = await store.AddAsync(created, OperatorSecrets.Hash(secret), cancellationToken);
        }
        if (!added)
        {
            await audit.RecordAsync(user, intent, "refused: the name is taken");
            return TypedResults.Problem($"There is already an operator named {name}.", statusCode: StatusCodes.Status409Conflict, title: "Name taken");
        }
        return TypedResults.Created($"/api/operators/{name}", new CreatedOperator(created, secret));
    }

    private static async Task<Results<Ok<BackOfficeOperator>, NotFound, ProblemHttpResult>> DisableAsync(
        string name, IOperatorStore store, AuditLog audit, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        name = OperatorNames.Normalize(name);
        if (await store.FindAsync(name, cancellationToken) is not { } found)
        {
            return TypedResults.NotFound();
        }
        if (name == user.Identity!.Name)
        {
            // Also keeps the last admin from locking everyone out by accident.
            return TypedResults.Problem("Operators cannot disable themselves; ask another admin.", statusCode: StatusCodes.Status409Conflict, title: "Own account");
        }
        if (found.DisabledAt is not null)
        {
            return TypedResults.Problem($"Operator {name} is already disabled.", statusCode: StatusCodes.Status409Conflict, title: "Already disabled");
        }
        // Disabling (and ending the operator's sessions) carries the audit row.
        var intent = audit.Intend("disable-operator", name, BackOfficeTokens.RoleName(found.Role), "disabled");
        bool disabled;
        using (AuditContext.Begin(intent))
        {
            disabled = await store.DisableAsync(name, user.Identity.Name!, clock.GetUtcNow(), cancellationToken);
        }
        if (!disabled)
        {
            await audit.RecordAsync(user, intent, "already disabled");
            return TypedResults.Problem($"Operator {name} is already disabled.", statusCode: StatusCodes.Status409Conflict, title: "Already disabled");
        }
        return TypedResults.Ok((await store.FindAsync(name, cancellationToken))!);
    }
}
