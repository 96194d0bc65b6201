namespace RetentionActors.Contracts.Security;

/// <summary>
/// A request rung up at one store's till. A terminal may send it only as the store and till its
/// credential names, so a stolen credential cannot book sales for another store.
/// </summary>
public interface ITillOperation
{
    string StoreId { get; }

    string TerminalId { get; }
}
