namespace RetentionActors.Contracts.Customers;

/// <summary>
/// One customer, keyed by customer id: the single writer of their points ledger, with every role it plays. The grain
/// implements this; a caller asks for the narrowest role it needs (<see cref="ICustomerSummaryGrain"/>,
/// <see cref="ICustomerTillGrain"/>, <see cref="ICustomerCareGrain"/>, <see cref="ICustomerClusterGrain"/>), and
/// tests and tools may use the whole. It declares no method of its own: a method's wire name carries the interface
/// that declares it (docs/operations.md, "Grain contracts in a rolling upgrade").
/// </summary>
[Alias("RetentionActors.Contracts.Customers.ICustomerGrain")]
public interface ICustomerGrain : ICustomerTillGrain, ICustomerCareGrain, ICustomerClusterGrain;
