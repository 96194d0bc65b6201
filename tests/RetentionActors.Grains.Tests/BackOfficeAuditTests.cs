using Microsoft.Extensions.DependencyInjection;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Security;
using RetentionActors.Grains.Storage;
using RetentionActors.Grains.Tests.Fixtures;
using RetentionActors.Storage.BackOffice;
using EntryKind = RetentionActors.Domain.Ledger.EntryKind;
using StoredEntry = RetentionActors.Domain.Ledger.LedgerEntry;
using static RetentionActors.Grains.Tests.Fixtures.Shop;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// Calls the back office makes for an operator, through the grains: the write that carries out the change writes the
/// audit row (customer commit, card or coupon state), the entries it books name the operator, a call that changes
/// nothing writes no row of its own, and a write that fails leaves neither.
/// </summary>
public abstract class BackOfficeAuditTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);

    private IServiceProvider Silo => fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress);

    private SqlAuditTrail Trail => Silo.GetRequiredService<SqlAuditTrail>();

    [Fact]
    public async Task An_adjustment_for_an_operator_writes_its_audit_row_with_the_ledger_entry()
    {
        var (customer, _, customerId, _) = await _shop.EnrolledWithCardAsync();
        var intent = Intent("adjust", customerId, "+25 points, ref CASE-1: parcel lost");

        var result = await AsOperatorAsync("ada", intent, () => customer.AdjustAsync(new Adjustment("CASE-1", 25, "parcel lost", "ada")));

        Assert.True(result.IsAccepted);
        var entry = Assert.Single(await customer.GetLedgerAsync());
        Assert.Equal(("ada", "parcel lost"), (entry.OperatorId, entry.Reason));
        var row = await Trail.FindAsync(intent.Id, Ct);
        Assert.Equal(("ada", "adjust", customerId, "+25 points, ref CASE-1: parcel lost", "done"), (row?.Actor, row?.Action, row?.Target, row?.Detail, row?.Outcome));
    }

    [Fact]
    public async Task Purchases_and_refunds_booked_for_an_operator_name_them_on_every_entry()
    {
        var (customer, card, customerId, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase("TILL-1", 10m));
        var intent = Intent("import-purchases", "ledger", "2 rows");

        await AsOperatorAsync("importer", intent, async () =>
        {
            await customer.EarnAsync(Purchase("IMPORTED-1", 20m));
            return await customer.RefundAsync(Refund("IMPORTED-R", 5m, "IMPORTED-1"));
        });

        var ledger = await customer.GetLedgerAsync();
        Assert.Equal([("Purchase", (string?)null), ("Purchase", "importer"), ("Refund", "importer")],
            ledger.Select(e => (e.Kind.ToString(), e.OperatorId)));
        Assert.NotNull(await Trail.FindAsync(intent.Id, Ct));
    }

    [Fact]
    public async Task A_declined_call_writes_no_audit_row_of_its_own()
    {
        var (customer, _, customerId, _) = await _shop.EnrolledWithCardAsync();
        var intent = Intent("adjust", customerId, "-500 points");

        var result = await AsOperatorAsync("ada", intent, () => customer.AdjustAsync(new Adjustment("CASE-2", -500, "too much", "ada")));

        Assert.Equal(DeclineReason.InsufficientPoints, result.Declined?.Reason);
        Assert.Empty(await customer.GetLedgerAsync());
        Assert.Null(await Trail.FindAsync(intent.Id, Ct));
    }

    [Fact]
    public async Task A_card_blocked_for_an_operator_writes_the_audit_row_with_the_card_state()
    {
        var (_, card, _, cardId) = await _shop.EnrolledWithCardAsync();
        var intent = Intent("block-card", cardId, "lost on the bus");

        await AsOperatorAsync("ada", intent, () => card.BlockAsync("lost on the bus"));

        Assert.Equal(Contracts.Cards.CardStatus.Blocked, (await card.GetAsync()).Status);
        Assert.Equal("done", (await Trail.FindAsync(intent.Id, Ct))?.Outcome);
    }

    [Fact]
    public async Task A_write_that_collides_leaves_neither_the_change_nor_its_audit_row()
    {
        var (customer, card, customerId, _) = await _shop.EnrolledWithCardAsync();
        await card.EarnAsync(Purchase(NewId("FIRST"), 10m));
        // Another writer takes sequence number 2 behind the grain's back: the grain's next commit collides.
        await Silo.GetRequiredService<ICustomerStore>().CommitAsync(new CustomerCommit(customerId, null, [Foreign(seq: 2)], "store-1/FOREIGN/purchase", OperationAnswer.Nothing), Ct);
        var collided = Intent("adjust", customerId, "+5 points, ref CASE-3");

        await Assert.ThrowsAnyAsync<Exception>(() => AsOperatorAsync("ada", collided, () => customer.AdjustAsync(new Adjustment("CASE-3", 5, "goodwill", "ada"))));

        Assert.DoesNotContain(await customer.GetLedgerAsync(), e => e.Kind == LedgerEntryKind.Adjustment);
        Assert.Null(await Trail.FindAsync(collided.Id, Ct));
        // Asked again, the adjustment lands once, with the row of its own intent.
        var retried = Intent("adjust", customerId, "+5 points, ref CASE-3");
        Assert.True((await AsOperatorAsync("ada", retried, () => customer.AdjustAsync(new Adjustment("CASE-3", 5, "goodwill", "ada")))).IsAccepted);
        Assert.Single(await customer.GetLedgerAsync(), e => e.Kind == LedgerEntryKind.Adjustment);
        Assert.NotNull(await Trail.FindAsync(retried.Id, Ct));
        Assert.Null(await Trail.FindAsync(collided.Id, Ct));
    }

    [Fact]
    public async Task Erasure_also_reaches_the_text_that_active_cards_and_coupons_hold_in_memory()
    {
        var (customer, card, customerId, cardId) = await _shop.EnrolledWithCardAsync("Erin Active");
        await AsOperatorAsync("ada", Intent("block-card", cardId, "x"), () => card.BlockAsync("Erin Active lost it"));
        var code = "CTEST" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var coupon = fixture.Client.GetGrain<ICouponGrain>(code);
        await AsOperatorAsync("ada", Intent("coupon-issue", customerId, code), () => coupon.IssueAsync(
            new CouponInfo(code, CouponKind.FixedDiscount, "Sorry, Erin Active", 5m, customerId, "partner", Today, Today.AddDays(30))));
        Assert.Equal("Sorry, Erin Active", (await coupon.GetAsync())?.Description); // both grains are active now
        var erase = Intent("gdpr-erase", customerId, null, "personal data erased");

        var erased = await AsOperatorAsync("ada", erase, () => customer.ErasePersonalDataAsync());

        Assert.Equal(CustomerProfile.Erased, erased?.Profile);
        Assert.Equal(PersonalDataErasure.Marker, (await card.GetAsync()).BlockReason);
        Assert.Equal((PersonalDataErasure.Marker, 5m), ((await coupon.GetAsync())?.Description, (await coupon.GetAsync())?.Value));
        Assert.Equal(CustomerProfile.Erased, (await customer.GetAsync())?.Profile);
        Assert.Equal("personal data erased", (await Trail.FindAsync(erase.Id, Ct))?.Outcome);
        // The reloaded grains write on from what is stored: redeeming the coupon works.
        var used = await coupon.RedeemAsync(new CouponUse("store-1", "till-1", DateOnly.FromDateTime(Today.DateTime), "R-ERASED", code), customerId);
        Assert.True(used.IsAccepted, used.Declined?.Message);
    }

    /// <summary>Makes the call as the back office does: for <paramref name="operatorName"/>, under <paramref name="intent"/>.</summary>
    private static async Task<T> AsOperatorAsync<T>(string operatorName, AuditIntent intent, Func<Task<T>> call)
    {
        RequestContext.Set(CallerContext.OperatorKey, operatorName);
        try
        {
            using (AuditContext.Begin(intent))
            {
                return await call();
            }
        }
        finally
        {
            RequestContext.Remove(CallerContext.OperatorKey);
        }
    }

    private static AuditIntent Intent(string action, string target, string? detail, string outcome = "done") =>
        AuditIntent.New(DateTimeOffset.UtcNow, action, target, detail, outcome);

    private static StoredEntry Foreign(long seq) => new()
    {
        Seq = seq,
        Kind = EntryKind.Purchase,
        Points = 5,
        Amount = 5m,
        BalanceAfter = 15,
        IdempotencyKey = "store-1/FOREIGN/purchase",
        StoreId = "store-1",
        TerminalId = "till-9",
        ReceiptId = "FOREIGN",
        OccurredAt = Today,
        RecordedAt = DateTimeOffset.UtcNow,
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}

[Collection(SqliteCluster.Name)]
public sealed class BackOfficeAuditOnSqlite(SqliteClusterFixture fixture) : BackOfficeAuditTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class BackOfficeAuditOnPostgres(PostgresClusterFixture fixture) : BackOfficeAuditTests(fixture);
