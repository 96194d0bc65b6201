using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Silo.Api;

/// <summary>
/// Points customers owe from offline redemptions their balance could not cover when the till's queue reached the cluster;
/// each debt is paid back from the customer's next points earned. Read by every operator.
/// </summary>
public static class DebtsApi
{
    /// <summary>One page of debts, by customer id; <see cref="Next"/> is the <c>after</c> of the next page (null: this was the last).</summary>
    public sealed record DebtPage(IReadOnlyList<OutstandingDebt> Debts, string? Next);

    public static RouteGroupBuilder MapDebtsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/debts", ListAsync)
            .WithSummary("Customers with outstanding debt from offline redemptions, by customer id, a page at a time (after: the last customer id of the previous page; take: 1 to 1000, default 100).");
        return api;
    }

    private static async Task<Results<Ok<DebtPage>, ValidationProblem>> ListAsync(string? after, int? take, SqlDatabase database, CancellationToken cancellationToken)
    {
        if (take is < 1 or > 1000)
        {
            return Problems.Invalid("take", "take is 1 to 1000.");
        }
        if (after is not null)
        {
            try
            {
                Require.Id(after, "after");
            }
            catch (InvalidRequestException e)
            {
                return Problems.Invalid("after", e.Message);
            }
        }
        var size = take ?? 100;
        var debts = await SqlOutstandingDebts.ListAsync(database, after, size, cancellationToken);
        return TypedResults.Ok(new DebtPage(debts, debts.Count == size ? debts[^1].CustomerId : null));
    }
}
