using Microsoft.Extensions.DependencyInjection;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Security;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Security;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Grains.Tests.Security;

/// <summary>
/// A terminal that puts a back-office operator and an audit intent on its call, hoping to have its sale booked in an
/// operator's name or to write an audit row of its choosing: the gateway drops both before the grain runs.
/// </summary>
public sealed class OutsideAuditIntentTests
{
    [Fact]
    public async Task A_terminal_cannot_pose_as_an_operator_nor_write_an_audit_row()
    {
        await using var cluster = await GatewayCluster.StartAsync(tls: false);
        var backOffice = await cluster.ConnectAsClusterAsync();
        var customerId = Shop.NewId("c");
        var cardId = Shop.NewCardId();
        Assert.True((await backOffice.GetGrain<ICustomerGrain>(customerId).EnrollAsync(new CustomerProfile("Outside Test"))).IsAccepted);
        Assert.True((await backOffice.GetGrain<ILoyaltyCardGrain>(cardId).LinkAsync(customerId)).IsAccepted);
        var (_, token) = await cluster.IssueAsync(TerminalRole.Till);
        var till = await cluster.ConnectAsTerminalAsync(token);
        var forged = AuditIntent.New(DateTimeOffset.UtcNow, "adjust", customerId, "forged by a till", "done") with { Actor = "mallory" };

        RequestContext.Set(CallerContext.OperatorKey, "mallory");
        try
        {
            using (AuditContext.Begin(forged))
            {
                Assert.True((await till.GetGrain<ILoyaltyCardGrain>(cardId).EarnAsync(Shop.Purchase("OUTSIDE-1", 10m))).IsAccepted);
            }
        }
        finally
        {
            RequestContext.Remove(CallerContext.OperatorKey);
        }

        var entry = Assert.Single(await backOffice.GetGrain<ICustomerGrain>(customerId).GetLedgerAsync());
        Assert.Null(entry.OperatorId);
        Assert.Null(await cluster.SiloServices(0).GetRequiredService<SqlAuditTrail>().FindAsync(forged.Id, TestContext.Current.CancellationToken));
    }
}
