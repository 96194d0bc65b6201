using Orleans.Runtime;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Audit;
using RetentionActors.Grains.Cards;
using RetentionActors.Grains.Coupons;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.BackOffice;
using RetentionActors.Storage.Sql;

namespace RetentionActors.Storage.Tests;

/// <summary>
/// Erasure on every engine: in the commit that pseudonymises the profile, what operators typed about the customer goes
/// too — adjustment reasons, audit details, approval reasons, card block reasons, back-office coupon descriptions — and
/// amounts, points, kinds and dates stay.
/// </summary>
public abstract class ErasureContract
{
    protected static readonly DateTimeOffset At = new(2026, 5, 4, 9, 30, 15, TimeSpan.Zero);

    protected abstract SqlDatabase Database { get; }

    private ICustomerStore Store => new SqlCustomerStore(Database);

    /// <summary>A customer whose name and e-mail an operator typed everywhere a back office can: (customer id, name, e-mail, card, coupon codes).</summary>
    protected async Task<Person> CustomerWithFreeTextAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var person = new Person("erase-" + suffix, "Erin Q" + suffix, $"erin.{suffix}@example.com", "nfc:04" + suffix.ToUpperInvariant()[..8], "CBO" + suffix.ToUpperInvariant(), "CPG" + suffix.ToUpperInvariant());
        var mention = $"{person.Name} ({person.Email}) called";
        var profile = new CustomerProfile(person.Name, person.Email, "+49 30 1234567", new DateOnly(1990, 2, 3), true);
        await Store.CommitAsync(new CustomerCommit(person.Id, new CustomerDocument(profile, At, [person.Card], 1) { Coupons = [person.ProgramCoupon] }, [
            Entry(1, EntryKind.Purchase, 40, 12.50m, null),
            Entry(2, EntryKind.Adjustment, 7, 0m, "goodwill: " + mention),
        ], null, null), Ct);

        var trail = new SqlAuditTrail(Database);
        await trail.RecordAsync(AuditIntent.New(At, "adjust", person.Id, "+7 points: goodwill: " + mention, "done").Record("ada"));
        await trail.RecordAsync(AuditIntent.New(At, "block-card", person.Card, "lost, " + mention, "done").Record("ada"));
        await new SqlAdjustmentApprovalStore(Database).AddOrGetAsync(new AdjustmentApproval("adj-" + suffix, person.Id, "big-" + suffix, 900, "compensation: " + mention, "ada", At), Ct);

        var states = new SqlGrainStorage(Database);
        await states.WriteStateAsync("card", CardGrain(person), new GrainState<CardState>(new CardState
        {
            Status = CardStatus.Blocked, CustomerId = person.Id, BlockReason = "stolen, " + mention, ChangedAt = At,
        }));
        await states.WriteStateAsync("coupon", CouponGrain(person.BackOfficeCoupon), new GrainState<CouponState>(new CouponState
        {
            Coupon = new CouponInfo(person.BackOfficeCoupon, CouponKind.FixedDiscount, "Sorry, " + mention, 5m, person.Id, "partner", At, At.AddDays(90)),
        }));
        await states.WriteStateAsync("coupon", CouponGrain(person.ProgramCoupon), new GrainState<CouponState>(new CouponState
        {
            Coupon = new CouponInfo(person.ProgramCoupon, CouponKind.FreeItem, "Free coffee", 0m, person.Id, "stamps coffee", At, At.AddDays(90)),
        }));
        return person;
    }

    protected async Task<PersonalDataErasure> EraseAsync(Person person, AuditIntent intent)
    {
        var stored = (await Store.LoadAsync(person.Id, Ct))!.Document;
        var erasure = new PersonalDataErasure(stored.Cards, stored.Coupons);
        await Store.CommitAsync(new CustomerCommit(person.Id, stored with { Profile = CustomerProfile.Erased, Version = stored.Version + 1 }, [], null, null)
        {
            Erasure = erasure,
            Audit = intent.Record("ada"),
        }, Ct);
        return erasure;
    }

    [Fact]
    public async Task Erasure_replaces_what_operators_typed_and_keeps_the_books()
    {
        var person = await CustomerWithFreeTextAsync();
        var bystander = await CustomerWithFreeTextAsync();
        var intent = AuditIntent.New(At, "gdpr-erase", person.Id, null, "personal data erased");

        var erasure = await EraseAsync(person, intent);

        var customer = (await Store.LoadAsync(person.Id, Ct))!;
        Assert.Equal(CustomerProfile.Erased, customer.Document.Profile);
        Assert.Equal([(EntryKind.Purchase, 40L, 12.50m, (string?)null), (EntryKind.Adjustment, 7L, 0m, PersonalDataErasure.Marker)],
            customer.Entries.Select(e => (e.Kind, e.Points, e.Amount, e.Reason)));
        Assert.All(customer.Entries, e => Assert.Equal(At, e.OccurredAt));
        var audit = await new SqlAuditTrail(Database).ReadAsync(person.Id, 10, Ct);
        Assert.Equal([("adjust", PersonalDataErasure.Marker), ("gdpr-erase", (string?)null)], audit.Select(r => (r.Action, r.Detail)).OrderBy(r => r.Action));
        Assert.Equal(PersonalDataErasure.Marker, (await new SqlAuditTrail(Database).ReadAsync(person.Card, 10, Ct)).Single().Detail);
        var approval = (await new SqlAdjustmentApprovalStore(Database).FindByReferenceAsync(person.Id, "big-" + person.Id[6..], Ct))!;
        Assert.Equal((PersonalDataErasure.Marker, 900L, "ada"), (approval.Reason, approval.Points, approval.RequestedBy));

        var card = await ReadAsync<CardState>("card", CardGrain(person));
        Assert.Equal((PersonalDataErasure.Marker, CardStatus.Blocked, person.Id, "2"), (card.State.BlockReason, card.State.Status, card.State.CustomerId, card.ETag));
        var coupon = await ReadAsync<CouponState>("coupon", CouponGrain(person.BackOfficeCoupon));
        Assert.Equal((PersonalDataErasure.Marker, 5m, person.Id), (coupon.State.Coupon!.Description, coupon.State.Coupon.Value, coupon.State.Coupon.CustomerId));
        Assert.Equal("Free coffee", (await ReadAsync<CouponState>("coupon", CouponGrain(person.ProgramCoupon))).State.Coupon!.Description);
        Assert.Equal([CardGrain(person), CouponGrain(person.BackOfficeCoupon)], erasure.RewrittenGrains.OrderBy(g => g.ToString(), StringComparer.Ordinal));

        // Nothing of anyone else changed.
        var untouched = (await Store.LoadAsync(bystander.Id, Ct))!;
        Assert.Equal(bystander.Name, untouched.Document.Profile.DisplayName);
        Assert.StartsWith("goodwill: " + bystander.Name, untouched.Entries[1].Reason, StringComparison.Ordinal);
        Assert.StartsWith("Sorry, " + bystander.Name, (await ReadAsync<CouponState>("coupon", CouponGrain(bystander.BackOfficeCoupon))).State.Coupon!.Description, StringComparison.Ordinal);
        Assert.StartsWith("stolen, " + bystander.Name, (await ReadAsync<CardState>("card", CardGrain(bystander))).State.BlockReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasing_again_changes_nothing_more()
    {
        var person = await CustomerWithFreeTextAsync();
        await EraseAsync(person, AuditIntent.New(At, "gdpr-erase", person.Id, null, "personal data erased"));
        var once = await ReadAsync<CardState>("card", CardGrain(person));

        var again = await EraseAsync(person, AuditIntent.New(At, "gdpr-erase", person.Id, null, "personal data erased"));

        Assert.Empty(again.RewrittenGrains);
        Assert.Equal(once.ETag, (await ReadAsync<CardState>("card", CardGrain(person))).ETag);
    }

    protected static GrainId CardGrain(Person person) => GrainId.Create("card", person.Card);

    protected static GrainId CouponGrain(string code) => GrainId.Create("coupon", code);

    private async Task<(T State, string? ETag)> ReadAsync<T>(string stateName, GrainId grain) where T : new()
    {
        var state = new GrainState<T>(new T());
        await new SqlGrainStorage(Database).ReadStateAsync(stateName, grain, state);
        return (state.State ?? new T(), state.ETag);
    }

    private static LedgerEntry Entry(long seq, EntryKind kind, long points, decimal amount, string? reason) => new()
    {
        Seq = seq,
        Kind = kind,
        Points = points,
        Amount = amount,
        BalanceAfter = 40 + (seq - 1) * 7,
        IdempotencyKey = $"key-{seq}",
        StoreId = kind == EntryKind.Purchase ? "s1" : null,
        TerminalId = kind == EntryKind.Purchase ? "t1" : null,
        ReceiptId = kind == EntryKind.Purchase ? "r1" : null,
        OccurredAt = At,
        RecordedAt = At,
        Reason = reason,
        OperatorId = kind == EntryKind.Adjustment ? "ada" : null,
    };

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected sealed record Person(string Id, string Name, string Email, string Card, string BackOfficeCoupon, string ProgramCoupon);
}
