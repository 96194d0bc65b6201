namespace RetentionActors.Contracts;

/// <summary>
/// Storage refused a write because another writer changed the same record first. Nothing of the
/// request was written; the grain reloads, and retrying the same request is safe.
/// </summary>
[GenerateSerializer, Alias("RetentionActors.Contracts.ConcurrentUpdateException")]
public sealed class ConcurrentUpdateException(string message) : Exception(message);
