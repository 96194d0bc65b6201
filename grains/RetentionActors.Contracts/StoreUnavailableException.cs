namespace RetentionActors.Contracts;

/// <summary>
/// The loyalty database cannot be reached right now (restarting, failing over, or the connection was
/// cut), so the request was not carried out; the same request can be retried and the silo resumes by
/// itself once the database is back. A till keeps a purchase that gets this in its outbox.
/// </summary>
/// <remarks>
/// Nothing of the request is counted as written, with one honest exception: when the connection broke
/// while the database was committing, the commit may have landed without its answer reaching the silo.
/// That is why a retry must carry the same ids (store + receipt, operation reference): the ledger's
/// idempotency keys then answer the retry with the original result instead of booking it twice.
/// It never wraps the database driver's error: that stays in the silo's log, and a driver's exception type could not
/// cross the wire anyway (the caller would get a serialization error instead of this).
/// </remarks>
[GenerateSerializer, Alias("RetentionActors.Contracts.StoreUnavailableException")]
public sealed class StoreUnavailableException : Exception
{
    public const string DefaultMessage = "The loyalty database is unavailable right now; the request was not carried out and can be retried.";

    public StoreUnavailableException()
        : base(DefaultMessage)
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }
}
