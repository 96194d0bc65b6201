using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Tiers;

namespace RetentionActors.Grains.Storage;

/// <summary>The non-ledger part of a customer. <see cref="Version"/> starts at 1 and rises by one per write.</summary>
public sealed record CustomerDocument(CustomerProfile Profile, DateTimeOffset EnrolledAt, IReadOnlyList<string> Cards, int Version)
{
    /// <summary>The tier held, when the program has tiers.</summary>
    public TierStanding? Tier { get; init; }
}
