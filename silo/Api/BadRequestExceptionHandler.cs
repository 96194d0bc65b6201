using RetentionActors.Contracts;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace RetentionActors.Silo.Api;

/// <summary>
/// The engine refuses malformed requests with <see cref="ArgumentException"/> (field in ParamName;
/// program settings list every problem in the message) before anything changes: that is the
/// caller's mistake, so it becomes 400 ProblemDetails, not 500.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    // A refusal quotes at most this much of what it refuses: the input may be a megabyte.
    private const int MaxMessage = 300;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, field, message) = exception switch
        {
            ArgumentException argument => (StatusCodes.Status400BadRequest, argument.ParamName ?? "request",
                argument.ParamName is null ? argument.Message : argument.Message.Replace($" (Parameter '{argument.ParamName}')", "", StringComparison.Ordinal)),
            // A body that is not the JSON the endpoint takes: the serializer's message names the field and its path.
            BadHttpRequestException { InnerException: JsonException json } bad => (bad.StatusCode, json.Path ?? "body", json.Message),
            BadHttpRequestException bad => (bad.StatusCode, "request", bad.Message),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }
        if (message.Length > MaxMessage)
        {
            message = message[..MaxMessage] + "…";
        }
        httpContext.Response.StatusCode = status;
        var details = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = "The request is not valid.",
            Detail = message,
        };
        if (exception is ProgramSettingsRefusedException refused)
        {
            // Each problem with its field, for a form to show beside the field; cut like the message, and few enough
            // that the answer stays short whatever was sent (the rest are in the message).
            details.Extensions["problems"] = refused.Problems.Take(MaxFieldProblems)
                .Select(p => new FieldProblem(Cut(p.Path, MaxPath), Cut(p.Message, MaxFieldMessage))).ToList();
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    private const int MaxFieldProblems = 10;
    private const int MaxPath = 60;
    private const int MaxFieldMessage = 160;

    private static string Cut(string text, int length) => text.Length > length ? text[..length] + "…" : text;

    /// <summary>One problem of refused program settings and the path of the field it concerns (<c>tiers[0].earnMultiplier</c>).</summary>
    private sealed record FieldProblem(string Path, string Message);
}
