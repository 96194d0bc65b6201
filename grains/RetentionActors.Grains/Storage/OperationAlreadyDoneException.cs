namespace RetentionActors.Grains.Storage;

/// <summary>
/// A commit carried an operation key the store already holds: the operation was done before and nothing of the commit was
/// written. An activation holds only recent keys (issue 14), so an old operation sent again may be decided again; the
/// operations table's unique key stops it here, and the customer grain answers the call with the stored first answer.
/// </summary>
public sealed class OperationAlreadyDoneException(string customerId, string operationKey)
    : Exception($"Operation {operationKey} of customer {customerId} was already done.")
{
    public string OperationKey { get; } = operationKey;
}
