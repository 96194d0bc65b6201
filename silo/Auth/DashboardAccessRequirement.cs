using Microsoft.AspNetCore.Authorization;

namespace RetentionActors.Silo.Auth;

/// <summary>The Orleans Dashboard is for back-office operators, or open to all while no back-office credential exists.</summary>
public sealed class DashboardAccessRequirement : IAuthorizationRequirement;
