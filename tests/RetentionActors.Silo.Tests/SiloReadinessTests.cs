using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Runtime;
using RetentionActors.Silo.Hosting;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Tests;

/// <summary>
/// <c>/health/ready</c> says yes only when the silo is Active in membership and its store takes writes. A running silo
/// opens its HTTP port only once it is Active, so the membership half is checked here, on the answer itself, and on the
/// mapped endpoint in <see cref="ReadinessEndpointTests"/>; the store half also runs against a real outage in
/// <see cref="DatabaseOutageProcessTests"/>.
/// </summary>
public sealed class SiloReadinessTests
{
    private static readonly StoreOutage Outage = new(new DateTimeOffset(2026, 12, 4, 13, 0, 0, TimeSpan.Zero), "connection refused by 10.0.0.5:5432");

    [Fact]
    public void An_active_silo_whose_store_takes_writes_is_ready()
    {
        Assert.Equal(StatusCodes.Status200OK, StatusOf(SiloReadiness.Answer(SiloStatus.Active, outage: null)));
    }

    [Theory]
    [InlineData(SiloStatus.None)]
    [InlineData(SiloStatus.Created)]
    [InlineData(SiloStatus.Joining)]
    [InlineData(SiloStatus.ShuttingDown)]
    [InlineData(SiloStatus.Stopping)]
    [InlineData(SiloStatus.Dead)]
    public void A_silo_not_active_in_membership_is_not_ready_even_with_a_writable_store(SiloStatus status)
    {
        var answer = Assert.IsType<ProblemHttpResult>(SiloReadiness.Answer(status, outage: null));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, answer.StatusCode);
        Assert.Equal("This silo is not active in the cluster", answer.ProblemDetails.Title);
    }

    [Fact]
    public void An_active_silo_whose_store_cannot_be_written_is_not_ready_and_the_answer_names_no_address_or_cause()
    {
        var answer = Assert.IsType<ProblemHttpResult>(SiloReadiness.Answer(SiloStatus.Active, Outage));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, answer.StatusCode);
        Assert.Equal("The loyalty database is unavailable", answer.ProblemDetails.Title);
        Assert.DoesNotContain("10.0.0.5", answer.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", answer.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    private static int? StatusOf(IResult result) => Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode;
}
