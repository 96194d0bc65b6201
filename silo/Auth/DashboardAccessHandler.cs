using Microsoft.AspNetCore.Authorization;

namespace RetentionActors.Silo.Auth;

/// <summary>Decides <see cref="DashboardAccessRequirement"/>.</summary>
public sealed class DashboardAccessHandler(BackOfficeCredentials credentials) : AuthorizationHandler<DashboardAccessRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, DashboardAccessRequirement requirement)
    {
        var user = context.User;
        if (user.IsInRole(BackOfficeTokens.AdminRole) || user.IsInRole(BackOfficeTokens.ApproverRole) || user.IsInRole(BackOfficeTokens.AnalystRole)
            || !await credentials.ExistAsync())
        {
            context.Succeed(requirement);
        }
    }
}
