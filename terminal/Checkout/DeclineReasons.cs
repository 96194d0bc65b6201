namespace RetentionActors.Terminal.Checkout;

/// <summary>The terminal's own decline reasons, next to the silo's <see cref="RetentionActors.Contracts.DeclineReason"/> names.</summary>
public static class DeclineReasons
{
    public const string Offline = "offline";
    /// <summary>The silo is there but its loyalty database is not: try again in a moment.</summary>
    public const string Unavailable = "unavailable";
    public const string Invalid = "invalid";
    public const string NoCard = "noCard";
    public const string UnknownOperation = "unknownOperation";
    public const string Error = "error";

    /// <summary>The silo refused this terminal's credential, or the operation is not one its role may do.</summary>
    public const string NotAuthorized = "notAuthorized";

    /// <summary>The silo's reason as the protocol spells it: <c>UnknownCard</c> → <c>unknownCard</c>.</summary>
    public static string From(RetentionActors.Contracts.DeclineReason reason) =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());
}
