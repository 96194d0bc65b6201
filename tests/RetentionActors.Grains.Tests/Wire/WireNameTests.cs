using RetentionActors.Contracts.Customers;

namespace RetentionActors.Grains.Tests.Wire;

/// <summary>
/// A rolling upgrade runs old and new silos and clients side by side: every grain method must keep the wire name
/// older versions send and expect. The golden lists were written by the code before any contract reshaping; a
/// list may only grow (a new method), never change a line. See docs/operations.md, "Grain contracts in a rolling upgrade".
/// </summary>
public sealed class WireNameTests
{
    private static string GoldenPath(string name) => Path.Combine(AppContext.BaseDirectory, "Wire", name);

    [Fact]
    public void The_customer_grains_methods_keep_the_wire_names_older_versions_use()
    {
        var golden = File.ReadAllLines(GoldenPath("customer-grain.wire.txt")).Where(line => line.Length > 0).ToArray();

        var today = GrainMethodWireNames.Of(typeof(ICustomerGrain));

        Assert.NotEmpty(golden);
        Assert.Empty(golden.Except(today));
    }

    [Fact]
    public void Every_wire_name_an_older_version_sends_names_the_same_method_here()
    {
        foreach (var line in File.ReadAllLines(GoldenPath("customer-grain.wire.txt")).Where(line => line.Length > 0))
        {
            var (method, wireName) = (line[..line.IndexOf(" => ", StringComparison.Ordinal)], line[(line.IndexOf(" => ", StringComparison.Ordinal) + 4)..]);

            var invokable = (Orleans.Serialization.Invocation.IInvokable)Activator.CreateInstance(GrainMethodWireNames.Parse(wireName))!;

            Assert.Equal(method, GrainMethodWireNames.Describe(invokable.GetMethod()));
            Assert.True(invokable.GetInterfaceType().IsAssignableFrom(typeof(ICustomerGrain)), $"{wireName} runs on {invokable.GetInterfaceType()}");
        }
    }

    /// <summary>Every method of the contract has its line (and the diagnostic output prints today's list, to start a golden file for another grain).</summary>
    [Fact]
    public void The_list_has_one_line_per_method_of_the_contract()
    {
        var methods = typeof(ICustomerGrain).GetInterfaces().Append(typeof(ICustomerGrain)).SelectMany(i => i.GetMethods()).Count();

        Assert.Equal(methods, GrainMethodWireNames.Of(typeof(ICustomerGrain)).Count);
        TestContext.Current.SendDiagnosticMessage(string.Join(Environment.NewLine, GrainMethodWireNames.Of(typeof(ICustomerGrain))));
    }
}
