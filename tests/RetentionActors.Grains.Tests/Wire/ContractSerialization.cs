using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace RetentionActors.Grains.Tests.Wire;

/// <summary>Orleans' serializer as a silo or a client has it for the contracts, without a cluster.</summary>
internal static class ContractSerialization
{
    public static readonly IServiceProvider Services = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(Contracts.Customers.ICustomerGrain).Assembly))
        .BuildServiceProvider();
}
