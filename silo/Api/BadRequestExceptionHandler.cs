using RetentionActors.Contracts;
using Microsoft.AspNetCore.Diagnostics;

namespace RetentionActors.Silo.Api;

/// <summary>
/// The engine refuses malformed requests with <see cref="ArgumentException"/> (field in ParamName;
/// program settings list every problem in the message) before anything changes: that is the
/// caller's mistake, so it becomes 400 ProblemDetails, not 500.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ArgumentException argument)
        {
            return false;
        }
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        var field = argument.ParamName ?? "request";
        var message = argument.ParamName is null ? argument.Message : argument.Message.Replace($" (Parameter '{argument.ParamName}')", "", StringComparison.Ordinal);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
                Detail = message,
            },
            Exception = exception,
        });
    }
}
