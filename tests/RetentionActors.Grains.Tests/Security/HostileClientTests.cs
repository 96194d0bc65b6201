using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Contracts.DeadLetters;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Contracts.Offline;
using RetentionActors.Contracts.Program;
using RetentionActors.Contracts.Security;
using RetentionActors.Grains.Security;
using RetentionActors.Grains.Tests.Fixtures;

namespace RetentionActors.Grains.Tests.Security;

/// <summary>
/// Clients that reach a gateway try every grain method of the contracts (and Orleans' management grain):
/// without a credential, with a forged, an expired or a revoked one, and with a till's or a kiosk's. Every
/// call outside the caller's rights is refused before the grain runs, logged and counted, and nothing changes.
/// </summary>
public sealed class HostileClientTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow.AddMinutes(-1);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_call_outside_the_callers_rights_is_refused_logged_and_counted_and_changes_nothing(bool tls)
    {
        await using var cluster = await GatewayCluster.StartAsync(tls);
        var seed = await SeedAsync(cluster);
        var services = cluster.SiloServices(0);
        var (tillCredential, till) = await cluster.IssueAsync(TerminalRole.Till);
        var (_, kiosk) = await cluster.IssueAsync(TerminalRole.Kiosk, terminal: "kiosk-1");
        var (revokedCredential, revoked) = await cluster.IssueAsync(TerminalRole.Till, terminal: "till-2");
        await services.GetRequiredService<TerminalCredentialIssuer>().RevokeAsync(revokedCredential.Id, "test", TestContext.Current.CancellationToken);
        var expiredCredential = new TerminalCredential("tc-expired-1", "store-1", "till-3", TerminalRole.Till, Now.AddDays(-10), Now.AddDays(-1), "test");
        await services.GetRequiredService<ITerminalCredentialStore>().AddAsync(expiredCredential, TestContext.Current.CancellationToken);
        var expired = services.GetRequiredService<TerminalTokens>().Issue(expiredCredential);
        var forged = new TerminalTokens(new ClusterSecret(ClusterSecret.NewSecret())).Issue(tillCredential);

        (string Name, string? Token, TerminalRole? Role, CallRefusal Expected)[] callers =
        [
            ("no credential", null, null, CallRefusal.NoCredential),
            ("garbage", "not-a-token", null, CallRefusal.InvalidCredential),
            ("forged", forged, null, CallRefusal.InvalidCredential),
            ("expired", expired, null, CallRefusal.Expired),
            ("revoked", revoked, null, CallRefusal.Revoked),
            ("till", till, TerminalRole.Till, CallRefusal.NotAllowed),
            ("kiosk", kiosk, TerminalRole.Kiosk, CallRefusal.NotAllowed),
        ];
        var before = await SnapshotAsync(cluster, seed);
        using var counted = new RefusalCounter(cluster.SiloServices(0), cluster.SiloServices(1));
        var logged = cluster.RefusalLog.Count;
        var attempts = 0;

        foreach (var (name, token, role, expected) in callers)
        {
            var client = await cluster.ConnectAsTerminalAsync(token);
            foreach (var method in Methods())
            {
                var args = Arguments(method, seed);
                var allowed = role is { } r && (method.GetCustomAttribute<AllowTerminalsAttribute>()?.Roles.Contains(r) ?? false);
                // A till operation for another store or till is refused even where the role may call the method.
                if (allowed && !args.Any(a => a is ITillOperation))
                {
                    continue;
                }
                attempts++;
                var grain = Grain(client, method.DeclaringType!, seed);
                var refused = await Assert.ThrowsAsync<CallRefusedException>(() => AsTask(method.Invoke(grain, args)!));
                Assert.True(refused.Refusal == expected, $"{method.DeclaringType!.Name}.{method.Name} by {name}: {refused.Refusal}, expected {expected} ({refused.Message})");
            }
        }

        Assert.Equal(before, await SnapshotAsync(cluster, seed));
        Assert.True(attempts > 150, $"only {attempts} attempts: the contracts were not enumerated");
        Assert.Equal(attempts, cluster.RefusalLog.Count - logged);
        Assert.Equal(attempts, counted.Total);
        Assert.DoesNotContain(cluster.RefusalLog, line => line.Contains(till, StringComparison.Ordinal) || line.Contains(forged, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_till_credential_does_the_whole_till_sequence_and_a_kiosk_its_own()
    {
        await using var cluster = await GatewayCluster.StartAsync(tls: false);
        var seed = await SeedAsync(cluster);
        var (_, tillToken) = await cluster.IssueAsync(TerminalRole.Till);
        var (_, kioskToken) = await cluster.IssueAsync(TerminalRole.Kiosk, terminal: "kiosk-1");
        var till = await cluster.ConnectAsTerminalAsync(tillToken);
        var kiosk = await cluster.ConnectAsTerminalAsync(kioskToken);
        var card = till.GetGrain<ILoyaltyCardGrain>(seed.CardId);

        var identity = await card.IdentifyAsync();
        var earned = await card.EarnAsync(new Purchase("store-1", "till-1", "T-1", Now, 80m));
        var redeemed = await card.RedeemAsync(new Redemption("store-1", "till-1", "T-2", Now, 30));
        var refunded = await card.RefundAsync(new Refund("store-1", "till-1", "T-3", Now, 40m, "store-1", "T-1"));
        var coupon = await card.RedeemCouponAsync(new CouponUse("store-1", "till-1", DateOnly.FromDateTime(Now.DateTime), "T-4", seed.CouponCode));
        var someoneElses = await SeedAsync(cluster);
        var notYours = await card.RedeemCouponAsync(new CouponUse("store-1", "till-1", DateOnly.FromDateTime(Now.DateTime), "T-5", someoneElses.CouponCode));
        var feedback = await card.RecordFeedbackAsync(new Feedback("fb-till-1", 9, Now, "store-1"));
        var newCard = Shop.NewCardId();
        var enrolled = await till.GetGrain<ILoyaltyCardGrain>(newCard).EnrollAsync(new Enrollment(Enrollment.ForCard(newCard), new CustomerProfile("Walk In")));
        var program = await till.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync();
        var checkedOut = await card.CheckoutAsync(new Purchase("store-1", "till-1", "T-6", Now, 20m), pointsToRedeem: 10);

        Assert.Equal(seed.CustomerId, identity.Customer!.CustomerId);
        Assert.True(checkedOut.IsAccepted && checkedOut.Redemption!.IsAccepted, "checkout declined");
        Assert.Equal(("Victim", null), (checkedOut.Customer!.Profile.DisplayName, checkedOut.Customer.Profile.Email));
        Assert.Equal(("Victim", null), (identity.Customer.Profile.DisplayName, identity.Customer.Profile.Email)); // a till needs the name, not the e-mail
        Assert.True(earned.IsAccepted && redeemed.IsAccepted && refunded.IsAccepted && coupon.IsAccepted, "till sequence declined");
        Assert.Equal(DeclineReason.CouponNotYours, notYours.Declined?.Reason);
        Assert.Null((await (await cluster.ConnectAsClusterAsync()).GetGrain<ICouponGrain>(someoneElses.CouponCode).GetAsync())!.RedeemedAt);
        Assert.Null(feedback);
        Assert.True(enrolled.IsAccepted);
        Assert.Equal([newCard], enrolled.Customer!.Cards);
        Assert.True(program.Version > 0);

        var kioskCard = kiosk.GetGrain<ILoyaltyCardGrain>(seed.CardId);
        var balance = (await kioskCard.IdentifyAsync()).Customer!.Balance;
        var reward = await kioskCard.ClaimRewardAsync("coffee", "kiosk-claim-1");
        var kioskFeedback = await kioskCard.RecordFeedbackAsync(new Feedback("fb-kiosk-1", 10, Now));
        var kioskEnrolled = await kiosk.GetGrain<ILoyaltyCardGrain>(Shop.NewCardId()).EnrollAsync(new Enrollment("kiosk-signup-1", new CustomerProfile("Kiosk Kim")));
        var kioskEarn = await Assert.ThrowsAsync<CallRefusedException>(() => kioskCard.EarnAsync(new Purchase("store-1", "kiosk-1", "K-1", Now, 10m)));

        Assert.True(reward.IsAccepted, reward.Declined?.Message);
        Assert.Equal(balance - 50, reward.Balance);
        Assert.Null(kioskFeedback);
        Assert.True(kioskEnrolled.IsAccepted);
        Assert.Equal(CallRefusal.NotAllowed, kioskEarn.Refusal);
        Assert.Contains("EarnAsync", kioskEarn.Message, StringComparison.Ordinal);
        Assert.Contains("kiosk", kioskEarn.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_till_is_refused_on_every_silo_within_ten_seconds_while_a_rotated_credential_keeps_working()
    {
        await using var cluster = await GatewayCluster.StartAsync(tls: false);
        var (old, oldToken) = await cluster.IssueAsync(TerminalRole.Till);
        var (_, newToken) = await cluster.IssueAsync(TerminalRole.Till);
        var oldTill = await cluster.ConnectAsTerminalAsync(oldToken);
        var newTill = await cluster.ConnectAsTerminalAsync(newToken);
        var cards = Enumerable.Range(0, 20).Select(_ => Shop.NewCardId()).ToList();
        foreach (var card in cards)
        {
            await oldTill.GetGrain<ILoyaltyCardGrain>(card).IdentifyAsync(); // activations on both silos, the credential known to both
        }
        await cluster.SiloServices(1).GetRequiredService<TerminalCredentialRegistry>().VerifyAsync(oldToken);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await cluster.SiloServices(0).GetRequiredService<TerminalCredentialIssuer>().RevokeAsync(old.Id, "test", TestContext.Current.CancellationToken);
        var refusedBySilo = new TimeSpan?[2];
        var refusedCalls = new HashSet<string>();
        while ((refusedBySilo.Any(t => t is null) || refusedCalls.Count < cards.Count) && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            for (var silo = 0; silo < 2; silo++)
            {
                try
                {
                    await cluster.SiloServices(silo).GetRequiredService<TerminalCredentialRegistry>().VerifyAsync(oldToken);
                }
                catch (CallRefusedException e) when (e.Refusal == CallRefusal.Revoked)
                {
                    refusedBySilo[silo] ??= clock.Elapsed;
                }
            }
            foreach (var card in cards.Where(c => !refusedCalls.Contains(c)))
            {
                try
                {
                    await oldTill.GetGrain<ILoyaltyCardGrain>(card).IdentifyAsync();
                }
                catch (CallRefusedException e) when (e.Refusal == CallRefusal.Revoked)
                {
                    refusedCalls.Add(card);
                }
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.All(refusedBySilo, t => Assert.True(t < TimeSpan.FromSeconds(10), $"silo refused the revoked credential after {t?.TotalSeconds ?? double.NaN:F1} s"));
        Assert.Equal(cards.Count, refusedCalls.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"every call was refused only after {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var card in cards)
        {
            Assert.False((await newTill.GetGrain<ILoyaltyCardGrain>(card).IdentifyAsync()).IsAccepted); // answered (unissued card), not refused
        }
    }

    [Fact]
    public async Task A_credential_keeps_working_across_silo_restarts()
    {
        await using var cluster = await GatewayCluster.StartAsync(tls: false);
        var seed = await SeedAsync(cluster);
        var (_, token) = await cluster.IssueAsync(TerminalRole.Till);

        await cluster.RestartAsync();
        var till = await cluster.ConnectAsTerminalAsync(token);

        var earned = await till.GetGrain<ILoyaltyCardGrain>(seed.CardId).EarnAsync(new Purchase("store-1", "till-1", "after-restart", Now, 10m));
        Assert.True(earned.IsAccepted, earned.Declined?.Message);
    }

    // Grain methods return Task, Task<T> or (Orleans' own) ValueTask<T>.
    private static Task AsTask(object pending) =>
        pending as Task ?? (Task)pending.GetType().GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(pending, null)!;

    [Fact]
    public async Task Timer_ticks_the_silo_delivers_to_its_own_grains_are_not_taken_for_calls_without_a_credential()
    {
        await using var cluster = await GatewayCluster.StartAsync(tls: false);
        var probe = (await cluster.ConnectAsClusterAsync()).GetGrain<Probes.ITimerProbeGrain>(Shop.NewId("timer"));

        await probe.StartAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await probe.TicksAsync() < 5 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(await probe.TicksAsync() >= 5, $"only {await probe.TicksAsync()} timer ticks in 30 s");
        Assert.DoesNotContain(cluster.RefusalLog, line => line.Contains("IGrainTimerInvoker", StringComparison.Ordinal));
    }

    private sealed record Seed(string CustomerId, string CardId, string CouponCode, string ReferralCode);

    private static async Task<Seed> SeedAsync(GatewayCluster cluster)
    {
        var grains = await cluster.ConnectAsClusterAsync();
        var customerId = Shop.NewId("victim");
        var cardId = Shop.NewCardId();
        Assert.True((await grains.GetGrain<ICustomerGrain>(customerId).EnrollAsync(new CustomerProfile("Victim", "victim@example.com"))).IsAccepted);
        Assert.True((await grains.GetGrain<ILoyaltyCardGrain>(cardId).LinkAsync(customerId)).IsAccepted);
        Assert.True((await grains.GetGrain<ILoyaltyCardGrain>(cardId).EarnAsync(new Purchase("store-1", "till-1", $"seed-{customerId}", Now, 200m))).IsAccepted);
        var code = cluster.SiloServices(0).GetRequiredService<Coupons.CouponCodes>().For(customerId, "seed");
        var coupon = new CouponInfo(code, CouponKind.FixedDiscount, "Seed coupon", 5m, customerId, "test", Now, Now.AddDays(30));
        Assert.True((await grains.GetGrain<ICouponGrain>(code).IssueAsync(coupon)).IsAccepted);
        var referral = (await grains.GetGrain<ICustomerGrain>(customerId).GetAsync())!.ReferralCode!;
        return new Seed(customerId, cardId, code, referral);
    }

    // What an attacker would want to change, read as the back office reads it.
    private static async Task<string> SnapshotAsync(GatewayCluster cluster, Seed seed)
    {
        var grains = await cluster.ConnectAsClusterAsync();
        var customer = grains.GetGrain<ICustomerGrain>(seed.CustomerId);
        return JsonSerializer.Serialize(new object?[]
        {
            await customer.GetAsync(),
            await customer.GetLedgerAsync(take: 1000),
            await grains.GetGrain<ILoyaltyCardGrain>(seed.CardId).GetAsync(),
            await grains.GetGrain<ICouponGrain>(seed.CouponCode).GetAsync(),
            await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetHistoryAsync(),
            await grains.GetGrain<IReferralCodeGrain>(seed.ReferralCode).GetCustomerAsync(),
        });
    }

    // Every grain method of the contracts, and Orleans' own management grain (nothing there is for terminals).
    private static IEnumerable<MethodInfo> Methods() =>
        typeof(ICustomerGrain).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t))
            .Append(typeof(IManagementGrain))
            .SelectMany(t => t.GetMethods())
            .Where(m => !m.ContainsGenericParameters)
            .OrderBy(m => m.DeclaringType!.Name).ThenBy(m => m.Name);

    private static object Grain(IClusterClient client, Type contract, Seed seed)
    {
        if (contract == typeof(IManagementGrain))
        {
            return client.GetGrain<IManagementGrain>(0);
        }
        var key = typeof(ICustomerSummaryGrain).IsAssignableFrom(contract) ? seed.CustomerId
            : contract == typeof(ILoyaltyCardGrain) ? seed.CardId
            : contract == typeof(ICouponGrain) ? seed.CouponCode
            : contract == typeof(IReferralCodeGrain) ? seed.ReferralCode
            : contract == typeof(IProgramGrain) ? IProgramGrain.DefaultId
            : "hostile";
        return client.GetGrain(contract, key);
    }

    // Arguments that would do harm if the call ran: a million points, a rewritten program, a foreign store's till.
    private static object?[] Arguments(MethodInfo method, Seed seed) => [.. method.GetParameters().Select(p => Argument(p, seed))];

    private static object? Argument(ParameterInfo parameter, Seed seed)
    {
        var name = parameter.Name!.ToLowerInvariant();
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type switch
        {
            _ when type == typeof(string) => name.Contains("customer", StringComparison.Ordinal) ? seed.CustomerId
                : name.Contains("card", StringComparison.Ordinal) ? Shop.NewCardId()
                : "hostile-1",
            _ when type == typeof(CardId) => CardId.Parse(seed.CardId),
            _ when type == typeof(long) => 1_000_000L,
            _ when type == typeof(int) => 10,
            _ when type == typeof(bool) => false,
            _ when type == typeof(decimal) => 1000m,
            _ when type == typeof(CancellationToken) => CancellationToken.None,
            _ when type == typeof(Adjustment) => new Adjustment("hostile-1", 1_000_000, "minted", "mallory"),
            _ when type == typeof(Purchase) => new Purchase("store-9", "till-9", "hostile-1", Now, 4000m),
            _ when type == typeof(Redemption) => new Redemption("store-9", "till-9", "hostile-1", Now, 100),
            _ when type == typeof(AllowanceRequest) => new AllowanceRequest("store-9", "till-9"),
            _ when type == typeof(OfflineRedemption) => new OfflineRedemption("store-9", "till-9", "hostile-1", Now, 1_000_000, DateOnly.FromDateTime(Now.DateTime),
                new OfflineAllowance(seed.CustomerId, seed.CardId, "store-9", "till-9", 1_000_000, Now, Now.AddDays(1), "forged", "")),
            _ when type == typeof(Refund) => new Refund("store-9", "till-9", "hostile-2", Now, 200m, "store-1", "seed-1"),
            _ when type == typeof(CouponUse) => new CouponUse("store-9", "till-9", DateOnly.FromDateTime(Now.DateTime), "hostile-1", seed.CouponCode),
            _ when type == typeof(Feedback) => new Feedback("hostile-1", 0, Now, "store-9"),
            _ when type == typeof(CustomerProfile) => new CustomerProfile("Mallory"),
            _ when type == typeof(Enrollment) => new Enrollment("hostile-1", new CustomerProfile("Mallory")),
            _ when type == typeof(CouponInfo) => new CouponInfo(seed.CouponCode, CouponKind.FixedDiscount, "free money", 1000m, null, "hostile", Now, Now.AddYears(1)),
            _ when type == typeof(ProgramSettings) => ProgramSettings.Default with { PointsPerCurrencyUnit = 1000m },
            _ when type == typeof(CampaignSettings) => new CampaignSettings("hostile", "Hostile", CampaignKind.SpendBonus, Now, Now.AddDays(1)),
            _ when type == typeof(DeadLetterReport) => new DeadLetterReport("store-9", "till-9", seed.CardId,
                new Purchase("store-9", "till-9", "hostile-1", Now, 4000m), "invalid", "planted", Now, 1),
            _ when type == typeof(TillDeadLetterQuery) => new TillDeadLetterQuery("store-9", "till-9", [new DeadLetterReceipt(DateOnly.FromDateTime(Now.DateTime), "hostile-1")]),
            _ when type == typeof(DeadLetterCorrection) => new DeadLetterCorrection(DateOnly.FromDateTime(Now.DateTime), "hostile-1", "mallory") { CardId = seed.CardId, Amount = 4000m },
            _ when type == typeof(DeadLetterDismissal) => new DeadLetterDismissal(DateOnly.FromDateTime(Now.DateTime), "hostile-1", "mallory", "hide it"),
            _ when type == typeof(SiloAddress[]) => Array.Empty<SiloAddress>(),
            _ when type == typeof(SiloAddress) => null,
            _ when type == typeof(TimeSpan) => TimeSpan.FromSeconds(1),
            _ when type == typeof(GrainId) => GrainId.Create("card", seed.CardId),
            _ when parameter.HasDefaultValue => parameter.DefaultValue,
            _ when type.Assembly != typeof(ICustomerGrain).Assembly => type.IsValueType ? Activator.CreateInstance(type) : null,
            _ => throw new InvalidOperationException($"No hostile argument for {parameter.Member.DeclaringType!.Name}.{parameter.Member.Name}({type.Name} {parameter.Name}): add one."),
        };
    }
}
