using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RetentionActors.Silo.Api;

namespace RetentionActors.BackOffice.Tests;

/// <summary>A figure whose query the database did not finish in time is answered 503 with what to do, never a bare 500.</summary>
public sealed class SlowQueryAnswerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> TimedOut => ["command timeout", "statement timeout"];

    [Theory]
    [MemberData(nameof(TimedOut))]
    public async Task A_query_that_took_too_long_is_503_saying_what_to_do(string failure)
    {
        Exception exception = failure == "command timeout"
            ? new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt"))
            : new PostgresException("canceling statement due to statement timeout", "ERROR", "ERROR", PostgresErrorCodes.QueryCanceled);

        var (handled, context) = await HandleAsync(exception);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var body = await JsonDocument.ParseAsync(context.Response.Body, cancellationToken: Ct);
        Assert.Equal(503, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(SlowQueryExceptionHandler.Detail, body.RootElement.GetProperty("detail").GetString());
        Assert.Contains("Narrow the period or try again later", SlowQueryExceptionHandler.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_failures_are_left_to_the_other_handlers()
    {
        var (handled, context) = await HandleAsync(new PostgresException("column does not exist", "ERROR", "ERROR", PostgresErrorCodes.UndefinedColumn));

        Assert.False(handled);
        Assert.Equal(0, context.Response.Body.Length);
    }

    private static async Task<(bool Handled, HttpContext Context)> HandleAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new SlowQueryExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<SlowQueryExceptionHandler>.Instance);
        return (await handler.TryHandleAsync(context, exception, Ct), context);
    }
}
