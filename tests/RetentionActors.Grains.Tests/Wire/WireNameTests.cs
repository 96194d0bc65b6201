using Orleans.Serialization.Invocation;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;

namespace RetentionActors.Grains.Tests.Wire;

/// <summary>
/// A rolling upgrade runs old and new silos and clients side by side: every grain method must keep the wire name
/// older versions send and expect. Each golden list was written by the release that last reshaped its contract; a
/// list may only grow (a new method), never change a line. See docs/operations.md, "Grain contracts in a rolling upgrade".
/// </summary>
public sealed class WireNameTests
{
    // The golden list of each contract whose names are kept, and the contract whose methods it lists.
    private static readonly Dictionary<string, Type> s_lists = new()
    {
        ["customer-roles.wire.txt"] = typeof(ICustomerGrain),
        ["card-grain.wire.txt"] = typeof(ILoyaltyCardGrain),
    };

    public static TheoryData<string> Lists() => [.. s_lists.Keys];

    [Theory]
    [MemberData(nameof(Lists))]
    public void A_grains_methods_keep_the_wire_names_older_versions_use(string list)
    {
        var golden = Golden(list);

        var today = GrainMethodWireNames.Of(s_lists[list]);

        Assert.NotEmpty(golden);
        Assert.Empty(golden.Except(today));
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void Every_wire_name_an_older_version_sends_names_the_same_method_here(string list)
    {
        foreach (var line in Golden(list))
        {
            var (method, wireName) = Split(line);

            var invokable = (IInvokable)Activator.CreateInstance(GrainMethodWireNames.Parse(wireName))!;

            Assert.Equal(method, GrainMethodWireNames.Describe(invokable.GetMethod()));
            Assert.True(invokable.GetInterfaceType().IsAssignableFrom(s_lists[list]), $"{wireName} runs on {invokable.GetInterfaceType()}");
        }
    }

    /// <summary>A new method gets its line when it is added, so its name is kept from then on (the diagnostic output prints today's list).</summary>
    [Theory]
    [MemberData(nameof(Lists))]
    public void Every_method_of_the_contract_has_its_line(string list)
    {
        var contract = s_lists[list];
        var methods = contract.GetInterfaces().Append(contract).SelectMany(i => i.GetMethods()).Count();

        var today = GrainMethodWireNames.Of(contract);

        TestContext.Current.SendDiagnosticMessage(string.Join(Environment.NewLine, today));
        Assert.Equal(methods, today.Count);
        Assert.Empty(today.Except(Golden(list)));
    }

    /// <summary>
    /// The customer grain's names until the release that split it into roles (issue 18), which made that release a
    /// stop-and-start upgrade: kept as a record, and no build since can read them.
    /// </summary>
    [Fact]
    public void The_customer_grains_names_before_its_roles_are_retired()
    {
        var retired = Golden("customer-grain.retired-2026-12.wire.txt");

        Assert.Equal(17, retired.Length);
        foreach (var line in retired)
        {
            var (_, wireName) = Split(line);
            Assert.Throws<TypeLoadException>(() => GrainMethodWireNames.Parse(wireName));
        }
    }

    private static string[] Golden(string list) =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Wire", list)).Where(line => line.Length > 0)];

    private static (string Method, string WireName) Split(string line)
    {
        var arrow = line.IndexOf(" => ", StringComparison.Ordinal);
        return (line[..arrow], line[(arrow + 4)..]);
    }
}
