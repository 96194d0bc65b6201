using RetentionActors.Domain.Ledger;

namespace RetentionActors.Storage.BackOffice;

/// <summary>
/// One page of a customer's ledger for customer care: entries of one <see cref="Kind"/>, from one store, occurred in
/// [<see cref="From"/>, <see cref="Until"/>) (UTC), each filter left out when null. Oldest first after <see cref="AfterSeq"/>,
/// or newest first before <see cref="BeforeSeq"/> when <see cref="NewestFirst"/>; at most <see cref="Take"/> entries.
/// </summary>
public sealed record LedgerQuery(
    string CustomerId, EntryKind? Kind, string? StoreId, DateTimeOffset? From, DateTimeOffset? Until,
    bool NewestFirst, long? AfterSeq, long? BeforeSeq, int Take);
