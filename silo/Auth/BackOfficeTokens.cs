using System.Security.Cryptography;
using System.Text;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Auth;

/// <summary>
/// The bootstrap tokens from the environment: <c>RETENTION_ADMIN_TOKEN</c> acts as the operator <c>admin</c>,
/// <c>RETENTION_ANALYST_TOKEN</c> as <c>analyst</c>. They exist so the first named operators can be created
/// (and for scripts); once those exist the tokens should be removed. Also the names of the back office's
/// roles and authorization policies.
/// </summary>
public sealed class BackOfficeTokens(IConfiguration configuration)
{
    public const string Scheme = "BackOfficeToken";
    public const string CookieName = "retention_backoffice";
    public const string AdminRole = "admin";
    public const string AnalystRole = "analyst";
    public const string ApproverRole = "approver";

    /// <summary>Any operator: admin, approver or analyst.</summary>
    public const string ReadPolicy = "backoffice-read";

    /// <summary>Admins only: every change, operators and terminals, the dashboard's log stream, reminders and grain state.</summary>
    public const string ChangePolicy = "backoffice-change";

    /// <summary>Admins and approvers: deciding adjustments that wait for a second operator.</summary>
    public const string ApprovePolicy = "backoffice-approve";

    /// <summary>The Orleans Dashboard: any operator, or anyone while no back-office credential exists at all.</summary>
    public const string DashboardPolicy = "dashboard";

    private readonly byte[]? _admin = Bytes(configuration["RETENTION_ADMIN_TOKEN"]);
    private readonly byte[]? _analyst = Bytes(configuration["RETENTION_ANALYST_TOKEN"]);

    public bool AnyConfigured => _admin is not null || _analyst is not null;

    /// <summary>The role a bootstrap token grants, or null. Compared in fixed time so timing does not leak the token.</summary>
    public OperatorRole? RoleOf(string? token)
    {
        if (Bytes(token) is not { } presented)
        {
            return null;
        }
        // Both comparisons always run, so the time taken does not say which token came close.
        var admin = _admin is not null && CryptographicOperations.FixedTimeEquals(presented, _admin);
        var analyst = _analyst is not null && CryptographicOperations.FixedTimeEquals(presented, _analyst);
        return admin ? OperatorRole.Admin : analyst ? OperatorRole.Analyst : null;
    }

    /// <summary>Whether the bootstrap token of <paramref name="role"/> is still set: a session opened with it ends when it is removed.</summary>
    public bool IsConfigured(OperatorRole role) => role switch
    {
        OperatorRole.Admin => _admin is not null,
        OperatorRole.Analyst => _analyst is not null,
        _ => false,
    };

    /// <summary>How a role is named in claims, logs and the API's answers.</summary>
    public static string RoleName(OperatorRole role) => role.ToString().ToLowerInvariant();

    // Tokens shorter than 16 characters are refused: a guessable admin token is worse than none.
    private static byte[]? Bytes(string? token) => token is { Length: >= 16 } ? Encoding.UTF8.GetBytes(token) : null;
}
