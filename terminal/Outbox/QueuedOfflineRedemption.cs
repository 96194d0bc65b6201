using RetentionActors.Contracts.Offline;

namespace RetentionActors.Terminal.Outbox;

/// <summary>A redemption this till made offline, waiting to be booked by the cluster, with the card it was made on.</summary>
public sealed record QueuedOfflineRedemption(long Sequence, string CardId, OfflineRedemption Redemption);
