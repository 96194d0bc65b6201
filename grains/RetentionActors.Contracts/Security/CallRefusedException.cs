namespace RetentionActors.Contracts.Security;

/// <summary>
/// The silo refused a call before the grain ran: nothing changed. <see cref="Refusal"/> tells a terminal
/// whether its credential needs replacing (missing, invalid, expired, revoked) or the operation is not
/// one its role may do; the message names the method and the role.
/// </summary>
[GenerateSerializer, Alias("RetentionActors.Contracts.Security.CallRefusedException")]
public sealed class CallRefusedException(CallRefusal refusal, string message) : Exception(message)
{
    [Id(0)]
    public CallRefusal Refusal { get; } = refusal;
}
