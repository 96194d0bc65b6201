using Orleans.Runtime;
using RetentionActors.Contracts.Security;

namespace RetentionActors.Terminal.Checkout;

/// <summary>Presents this terminal's credential on every call; the silo verifies it each time.</summary>
public sealed class CredentialFilter(TerminalCredential credential) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        RequestContext.Set(CallContextKeys.Credential, credential.Token);
        await context.Invoke();
    }
}
