namespace RetentionActors.Contracts.DeadLetters;

/// <summary>The key of a till's <see cref="IDeadLetterGrain"/>.</summary>
public static class DeadLetterKeys
{
    /// <summary><c>store/till</c>: store and terminal ids cannot contain '/', so the key names one till.</summary>
    public static string ForTill(string storeId, string terminalId) => $"{storeId}/{terminalId}";
}
