using RetentionActors.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RetentionActors.Silo.Api;

/// <summary>The few ProblemDetails answers the back office gives besides validation problems.</summary>
internal static class Problems
{
    /// <summary>A well-formed request the engine declined (blocked card, unknown receipt…): nothing changed.</summary>
    public static ProblemHttpResult Declined(Decline decline) =>
        TypedResults.Problem(decline.Message, statusCode: StatusCodes.Status409Conflict, title: decline.Reason.ToString());

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message);
}
