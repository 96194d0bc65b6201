using RetentionActors.Contracts.Security;

namespace RetentionActors.Contracts.Offline;

/// <summary>A till asking, while online, for the offline allowance of the card it just identified.</summary>
[GenerateSerializer, Immutable, Alias("RetentionActors.Contracts.Offline.AllowanceRequest")]
public sealed record AllowanceRequest(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string TerminalId) : ITillOperation
{
    public void Validate()
    {
        Require.Id(StoreId, nameof(StoreId));
        Require.Id(TerminalId, nameof(TerminalId));
    }
}
