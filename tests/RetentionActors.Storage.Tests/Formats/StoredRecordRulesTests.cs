using System.Reflection;
using System.Text.Json.Serialization;
using RetentionActors.Contracts;
using RetentionActors.Contracts.Coupons;
using RetentionActors.Contracts.Ledger;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Formats;

namespace RetentionActors.Storage.Tests.Formats;

/// <summary>
/// The rules that keep the stored formats owned by storage: every member of a stored record names its JSON itself and
/// holds no wire or domain type, enum names once stored stay readable, and a record of a format this build does not
/// know is refused with a message instead of read half.
/// </summary>
public sealed class StoredRecordRulesTests
{
    private static readonly Type[] StoredRecords = [.. typeof(CustomerFormats).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(CustomerFormats).Namespace && t.Name.StartsWith("Stored", StringComparison.Ordinal) && !t.IsAbstract && t.IsClass)];

    [Fact]
    public void Every_member_of_a_stored_record_names_its_json_and_holds_no_wire_or_domain_type()
    {
        Assert.Contains(StoredRecords, t => t.Name == "StoredAccrual");
        var foreign = new[] { typeof(Decline).Assembly, typeof(Domain.Tiers.TierStanding).Assembly, typeof(CustomerDocument).Assembly };
        foreach (var property in StoredRecords.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)).Where(p => p.Name != "EqualityContract"))
        {
            Assert.True(property.GetCustomAttribute<JsonPropertyNameAttribute>() is not null,
                $"{property.DeclaringType!.Name}.{property.Name} has no JsonPropertyName: renaming it would change the stored format.");
            var held = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments().Append(property.PropertyType) : [property.PropertyType];
            Assert.DoesNotContain(held, t => foreign.Contains(t.Assembly));
        }
    }

    [Fact]
    public void Every_enum_name_ever_stored_is_still_read()
    {
        // Decline reasons and coupon kinds are stored by name: the names in this list stay readable forever, and a new
        // member is added to the list (so it is pinned from then on).
        var pinned = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Formats", "Golden", "stored-enum-names.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#')).Select(line => line.Split(' ')).ToList();

        foreach (var pair in pinned)
        {
            var read = pair[0] switch
            {
                nameof(DeclineReason) => StoredNames.Parse<DeclineReason>(pair[1]).ToString(),
                nameof(CouponKind) => StoredNames.Parse<CouponKind>(pair[1]).ToString(),
                _ => throw new InvalidOperationException($"Unknown enum {pair[0]} in stored-enum-names.txt."),
            };
            Assert.Equal(pair[1], read);
        }
        var today = Enum.GetNames<DeclineReason>().Select(n => $"{nameof(DeclineReason)} {n}").Concat(Enum.GetNames<CouponKind>().Select(n => $"{nameof(CouponKind)} {n}"));
        Assert.Empty(today.Except(pinned.Select(p => string.Join(' ', p))));
    }

    [Fact]
    public void A_record_of_a_newer_format_is_refused_with_what_to_do()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => CustomerFormats.ReadAnswer(AnswerKind.Adjustment, """{"format":3,"points":5,"balance":5}"""));

        Assert.Contains("format 3", refused.Message, StringComparison.Ordinal);
        Assert.Contains("run the build that wrote it", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_written_today_reads_back_as_the_same_answer()
    {
        var answer = new AdjustmentResult(-25, 955, new Decline(DeclineReason.VelocityLimit, "Too many today.") { ClockSkew = TimeSpan.FromSeconds(3) });

        var read = CustomerFormats.ReadAnswer(AnswerKind.Adjustment, CustomerFormats.WriteAnswer(OperationAnswer.Of(answer)));

        Assert.Equal(OperationAnswer.Of(answer), read);
        Assert.Same(OperationAnswer.Nothing, CustomerFormats.ReadAnswer(AnswerKind.Accrual, CustomerFormats.WriteAnswer(OperationAnswer.Nothing)));
    }

    [Fact]
    public void An_answer_the_store_has_no_format_for_is_refused_when_committed()
    {
        Assert.Throws<ArgumentException>(() => OperationAnswer.OfAny(new Contracts.Customers.CustomerCheckout(new AccrualResult(1, 1, []), null, null)));
        Assert.Null(OperationAnswer.KindOf<Contracts.Customers.CustomerCheckout>());
    }
}
