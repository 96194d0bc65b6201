using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Api;

/// <summary>
/// A back-office figure or list whose query the database did not finish in time (command timeout, statement timeout):
/// nothing changed, and the caller can do something about it, so it is 503 with what to do, not a bare 500.
/// </summary>
public sealed class SlowQueryExceptionHandler(IProblemDetailsService problems, ILogger<SlowQueryExceptionHandler> logger) : IExceptionHandler
{
    public const string Detail = "The database did not answer within its command timeout (Command Timeout in the connection string, "
        + "30 s unless set there). Narrow the period or try again later, when the store is less busy.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!QueryTimeout.Is(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }
        logger.LogWarning("{Path}: the query took longer than the database allows: {Reason}", httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "60";
        var details = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The figure took too long.",
            Detail = Detail,
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }
}
